import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { Content } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { RequirePermission } from '@backstage/plugin-permission-react';
import {
  eksPodIdentityInventoryReadPermission,
  type FindingCode,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { eksPodIdentityTranslationRef } from '../../translation';
import { useClusters } from '../../hooks/useClusters';
import type { AssociationFilters } from '../../hooks/useAssociationsPage';
import { AccessChangesCard } from '../common/AccessChangesCard';
import { AssociationsCard } from './AssociationsCard';
import { ClusterCards } from './ClusterCards';
import { FindingsSummary } from './FindingsSummary';
import { InventoryPermissionPanel } from './InventoryPermissionPanel';
import { OwnersReportCard } from './OwnersReportCard';
import { RefreshButton } from './RefreshButton';
import { RoleDrawer } from './RoleDrawer';

/**
 * The estate for platform and security teams: clusters, findings,
 * associations, owners. Holders of `eks-pod-identity.inventory.read` only; the
 * backend refuses the inventory to everyone else anyway.
 */
export function GovernancePage() {
  return (
    <RequirePermission
      permission={eksPodIdentityInventoryReadPermission}
      errorPage={<InventoryPermissionPanel />}
    >
      <GovernanceContent />
    </RequirePermission>
  );
}

function GovernanceContent() {
  const { t } = useTranslationRef(eksPodIdentityTranslationRef);
  const clusters = useClusters();
  const [filters, setFilters] = useState<AssociationFilters>({});
  const [roleArn, setRoleArn] = useState<string>();
  const selectCode = (finding: FindingCode | undefined) =>
    setFilters(f => ({ ...f, finding }));

  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <Box
            display="flex"
            alignItems="center"
            justifyContent="space-between"
            flexWrap="wrap"
            style={{ gap: 8 }}
          >
            <Typography variant="h5" component="h2">
              {t('governancePage.clustersHeading')}
            </Typography>
            <RefreshButton onStarted={clusters.retry} />
          </Box>
        </Grid>
        <Grid item xs={12}>
          <ClusterCards
            clusters={clusters.value}
            loading={clusters.loading}
            error={clusters.error}
            onRescanStarted={clusters.retry}
          />
        </Grid>
        <Grid item xs={12}>
          <FindingsSummary
            selectedCode={filters.finding}
            onSelectCode={selectCode}
          />
        </Grid>
        <Grid item xs={12}>
          <AssociationsCard
            filters={filters}
            onFiltersChange={setFilters}
            clusters={clusters.value ?? []}
            onRoleSelected={setRoleArn}
          />
        </Grid>
        <Grid item xs={12}>
          <AccessChangesCard />
        </Grid>
        <Grid item xs={12}>
          <OwnersReportCard />
        </Grid>
      </Grid>
      <RoleDrawer roleArn={roleArn} onClose={() => setRoleArn(undefined)} />
    </Content>
  );
}
