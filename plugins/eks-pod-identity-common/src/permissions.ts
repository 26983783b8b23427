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

/** Every permission the plugin defines, for the permissions registry. */
export const eksPodIdentityPermissions = [
  eksPodIdentityInventoryReadPermission,
  eksPodIdentityRefreshPermission,
];
