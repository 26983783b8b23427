import { parseEntityRef } from '@backstage/catalog-model';

/** The software template "Request access" opens unless configured otherwise. */
export const DEFAULT_REQUEST_ACCESS_TEMPLATE =
  'template:default/eks-pod-identity-grant-access';

/**
 * The route parameters of a template's page, from its entity ref
 * (`template:default/name`, or a bare name in the default namespace).
 */
export function templateRouteParams(templateRef: string): {
  namespace: string;
  templateName: string;
} {
  const ref = parseEntityRef(templateRef, {
    defaultKind: 'template',
    defaultNamespace: 'default',
  });
  if (ref.kind.toLocaleLowerCase('en-US') !== 'template') {
    throw new Error(
      `requestAccessTemplate: "${templateRef}" is not a template; give an entity ref such as ${DEFAULT_REQUEST_ACCESS_TEMPLATE}`,
    );
  }
  return { namespace: ref.namespace, templateName: ref.name };
}

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
 * template's form: the component, and the service account (or only its
 * namespace) when known.
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
