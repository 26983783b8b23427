/**
 * Tags the scaffolder actions write on the roles and associations they make.
 * They are reserved: a template user can't set them through an action's
 * `tags` input, so what they say can be trusted by the mapping and by the
 * ownership checks.
 */

/** The catalog entity a role or association was granted to (a verified entity ref). */
export const ENTITY_REF_TAG_KEY = 'backstage.io/entity-ref';

/** The owner (`spec.owner`, as a full entity ref) of that entity when it was granted. */
export const OWNER_TAG_KEY = 'eks-pod-identity/owner';

/**
 * Marks what the actions made. It lets a later run complete a role an
 * interrupted run left half-made, and lets deletion refuse what it did not make.
 */
export const MANAGED_BY_TAG_KEY = 'eks-pod-identity/managed-by';
export const MANAGED_BY_TAG_VALUE = 'backstage-scaffolder';

/**
 * True when the actions made the role these tags are on: only such a role may
 * they change (right-size) or delete, so the UI offers those only for it.
 */
export function isScaffolderManaged(
  tags: Readonly<Record<string, string>> | undefined,
): boolean {
  return tags?.[MANAGED_BY_TAG_KEY] === MANAGED_BY_TAG_VALUE;
}

/** Tag key prefixes no action input may set (AWS reserves `aws:` itself). */
export const RESERVED_TAG_PREFIXES: readonly string[] = [
  'backstage.io/',
  'eks-pod-identity/',
  'aws:',
];

/** True when `key` is one of the reserved tag keys (case-insensitive, as IAM compares tag keys). */
export function isReservedTagKey(key: string): boolean {
  const lower = key.toLowerCase();
  return RESERVED_TAG_PREFIXES.some(prefix => lower.startsWith(prefix));
}
