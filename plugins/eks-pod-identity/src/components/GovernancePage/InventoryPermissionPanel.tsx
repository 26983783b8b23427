import { Content, EmptyState } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { eksPodIdentityInventoryReadPermission } from '@pod-identity/plugin-eks-pod-identity-common';
import { eksPodIdentityTranslationRef } from '../../translation';

/** What the governance page shows to users without `eks-pod-identity.inventory.read`. */
export function InventoryPermissionPanel() {
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  const permission = eksPodIdentityInventoryReadPermission.name;
  return (
    <Content>
      <EmptyState
        missing="info"
        title={t('permissionPanel.title', { permission })}
        description={t('permissionPanel.description', { permission })}
      />
    </Content>
  );
}
