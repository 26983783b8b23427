import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  eksPodIdentityInventoryReadPermission,
  eksPodIdentityPermissions,
  eksPodIdentityRefreshPermission,
} from './permissions';

describe('permissions', () => {
  it('defines basic permissions with stable names', () => {
    expect(eksPodIdentityInventoryReadPermission).toMatchObject({
      type: 'basic',
      name: 'eks-pod-identity.inventory.read',
      attributes: { action: 'read' },
    });
    expect(eksPodIdentityRefreshPermission.name).toBe(
      'eks-pod-identity.refresh',
    );
    expect(eksPodIdentityPermissions.some(p => isResourcePermission(p))).toBe(
      false,
    );
    expect(eksPodIdentityPermissions.map(p => p.name)).toEqual([
      'eks-pod-identity.inventory.read',
      'eks-pod-identity.refresh',
      'eks-pod-identity.manage',
    ]);
  });
});
