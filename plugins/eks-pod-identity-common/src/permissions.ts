import { createPermission } from '@backstage/plugin-permission-common';

/** Read the inventory through the governance routes (clusters, associations, roles, findings). */
export const eksPodIdentityInventoryReadPermission = createPermission({
  name: 'eks-pod-identity.inventory.read',
  attributes: { action: 'read' },
});

/** Trigger a rescan (`POST /v1/refresh`). */
export const eksPodIdentityRefreshPermission = createPermission({
  name: 'eks-pod-identity.refresh',
  attributes: { action: 'update' },
});

/**
 * Act on any team's Pod Identity through the scaffolder actions: delete or
 * bind associations and roles that belong to another entity. Template users
 * without it may only touch what was granted to an entity they own.
 */
export const eksPodIdentityManagePermission = createPermission({
  name: 'eks-pod-identity.manage',
  attributes: { action: 'update' },
});

/** Every permission the plugin defines, for the permissions registry. */
export const eksPodIdentityPermissions = [
  eksPodIdentityInventoryReadPermission,
  eksPodIdentityRefreshPermission,
  eksPodIdentityManagePermission,
];

/**
 * Ids of the scaffolder actions of
 * `@pod-identity/plugin-scaffolder-backend-module-eks-pod-identity`. They act
 * with the backend's AWS identity, so a permission policy limits who may run
 * them (`scaffolderActionConditions.hasActionId` matches ids exactly).
 */
export const EKS_POD_IDENTITY_ACTION_IDS = [
  'eks-pod-identity:setup',
  'eks-pod-identity:role:create',
  'eks-pod-identity:service-account:create',
  'eks-pod-identity:association:create',
  'eks-pod-identity:association:delete',
  'eks-pod-identity:irsa:migrate',
  'eks-pod-identity:agent:install',
  'eks-pod-identity:role:update-permissions',
] as const;
