/** Name of the inline policy that holds a role's requested permissions. */
export const INLINE_POLICY_NAME = 'eks-pod-identity-permissions';

export {
  ENTITY_REF_TAG_KEY,
  MANAGED_BY_TAG_KEY,
  MANAGED_BY_TAG_VALUE,
} from '@pod-identity/plugin-eks-pod-identity-common';
