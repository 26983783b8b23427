import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import type { ClusterStatus } from '@pod-identity/plugin-eks-pod-identity-common';
import { ClusterCard } from './ClusterCard';

export function ClusterCards(props: {
  clusters?: ClusterStatus[];
  loading: boolean;
  error?: Error;
  onRescanStarted?: () => void;
}) {
  const { clusters, loading, error, onRescanStarted } = props;
  if (loading && !clusters) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!clusters || clusters.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No clusters are configured: add eksPodIdentity.clusters or
        eksPodIdentity.discovery to the app config.
      </Typography>
    );
  }
  return (
    <Grid container spacing={2}>
      {clusters.map(c => (
        <Grid item key={c.name} xs={12} sm={6} md={4}>
          <ClusterCard cluster={c} onRescanStarted={onRescanStarted} />
        </Grid>
      ))}
    </Grid>
  );
}
