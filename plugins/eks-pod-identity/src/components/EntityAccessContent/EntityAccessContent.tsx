import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ANNOTATION_KUBERNETES_NAMESPACE } from '@pod-identity/plugin-eks-pod-identity-common';
import { useEntityAccess } from '../../hooks/useEntityAccess';
import { formatDateTime } from '../../utils/formatDate';
import { ClusterStatusBanner } from '../common/ClusterStatusBanner';
import { AccessChangesCard } from '../common/AccessChangesCard';
import { CanItDoCard } from './CanItDoCard';
import { NoMappingEmptyState } from './NoMappingEmptyState';
import { RequestAccessButton } from './RequestAccessButton';
import { ServiceAccountAccessCard } from './ServiceAccountAccessCard';

/** Props of the "AWS access" tab. @public */
export interface EntityAccessContentProps {
  /**
   * Entity ref of the software template "Request access" opens; defaults to
   * `template:default/eks-pod-identity-grant-access`.
   */
  requestAccessTemplate?: string;
}

/** The "AWS access" tab of an entity. */
export function EntityAccessContent(props: EntityAccessContentProps) {
  const { requestAccessTemplate } = props;
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useEntityAccess(entity);
  const requestAccess = (
    <RequestAccessButton
      template={requestAccessTemplate}
      component={entityRef}
      namespace={entity.metadata.annotations?.[ANNOTATION_KUBERNETES_NAMESPACE]}
    />
  );

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value || value.items.length === 0) {
    return (
      <>
        {value && <ClusterStatusBanner clusters={value.clusters} />}
        <NoMappingEmptyState entity={entity} requestAccess={requestAccess} />
        {/* Access that was taken away still has its history. */}
        {value && (
          <Box mt={3}>
            <AccessChangesCard entityRef={entityRef} />
          </Box>
        )}
      </>
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <ClusterStatusBanner clusters={value.clusters} />
        <Box
          display="flex"
          alignItems="center"
          justifyContent="space-between"
          flexWrap="wrap"
          style={{ gap: 8 }}
        >
          <Typography variant="body2" color="textSecondary">
            {value.items.length} service account
            {value.items.length === 1 ? '' : 's'} · inventory from{' '}
            {formatDateTime(value.scannedAt)}
          </Typography>
          {requestAccess}
        </Box>
      </Grid>
      {value.items.map(item => (
        <Grid
          item
          xs={12}
          key={`${item.cluster}:${item.namespace}/${item.serviceAccount}`}
        >
          <ServiceAccountAccessCard
            item={item}
            entityRef={entityRef}
            requestAccessTemplate={requestAccessTemplate}
          />
        </Grid>
      ))}
      <Grid item xs={12}>
        <CanItDoCard entityRef={entityRef} />
      </Grid>
      <Grid item xs={12}>
        <AccessChangesCard entityRef={entityRef} />
      </Grid>
    </Grid>
  );
}
