/** Name of the inline policy that holds a role's requested permissions. */
export const INLINE_POLICY_NAME = 'eks-pod-identity-permissions';

/**
 * Tag on every role and association the actions create. It lets a later run
 * complete a role an interrupted run left half-made, and lets
 * `association:delete` refuse to delete roles it did not make.
 */
export const MANAGED_BY_TAG_KEY = 'eks-pod-identity/managed-by';
export const MANAGED_BY_TAG_VALUE = 'backstage-scaffolder';

/** Tag naming the catalog entity a role or association was made for. */
export const ENTITY_REF_TAG_KEY = 'backstage.io/entity-ref';
