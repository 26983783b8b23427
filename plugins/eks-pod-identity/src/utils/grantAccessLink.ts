/** Namespace and name of the software template that grants a component AWS access. */
export const GRANT_ACCESS_TEMPLATE = {
  namespace: 'default',
  templateName: 'eks-pod-identity-grant-access',
};

/** Field names of the grant-access template's form. */
export interface GrantAccessPrefill {
  /** Entity ref of the component (the template's EntityPicker). */
  component: string;
  cluster?: string;
  namespace?: string;
  serviceAccount?: string;
}

/**
 * Appends the scaffolder's `formData` query parameter, which pre-fills the
 * template's form: the component, and the service account when there is one.
 */
export function withGrantAccessFormData(
  templateUrl: string,
  prefill: GrantAccessPrefill,
): string {
  const formData = Object.fromEntries(
    Object.entries(prefill).filter(([, value]) => value !== undefined),
  );
  const separator = templateUrl.includes('?') ? '&' : '?';
  return `${templateUrl}${separator}formData=${encodeURIComponent(
    JSON.stringify(formData),
  )}`;
}
