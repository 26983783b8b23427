import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import CardHeader from '@material-ui/core/CardHeader';
import Typography from '@material-ui/core/Typography';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import type { ClusterStatus } from '@pod-identity/plugin-eks-pod-identity-common';
import { formatDateTime } from '../../utils/formatDate';
import { DetailList } from '../common/DetailList';
import { InstallAgentButton } from './InstallAgentButton';
import { RefreshButton } from './RefreshButton';

function ScanStatus(props: { cluster: ClusterStatus }) {
  const { cluster } = props;
  if (cluster.status === 'error') {
    return (
      <StatusError>
        {cluster.stale ? 'unreachable, showing an earlier scan' : 'unreachable'}
      </StatusError>
    );
  }
  if (cluster.status === 'pending')
    return <StatusPending>not scanned yet</StatusPending>;
  return <StatusOK>ok</StatusOK>;
}

function AgentStatus(props: { agent: ClusterStatus['agent'] }) {
  const { installed, builtIn, addonStatus, addonVersion } = props.agent;
  const addon = [addonStatus, addonVersion].filter(Boolean).join(' ');
  if (builtIn && !installed) return <StatusOK>built in (Auto Mode)</StatusOK>;
  if (!installed) return <StatusWarning>not installed</StatusWarning>;
  return <StatusOK>{addon ? `add-on ${addon}` : 'running'}</StatusOK>;
}

export function ClusterCard(props: {
  cluster: ClusterStatus;
  onRescanStarted?: () => void;
}) {
  const { cluster, onRescanStarted } = props;
  return (
    <Card
      variant="outlined"
      style={{ height: '100%' }}
      component="article"
      aria-label={`Cluster ${cluster.name}`}
    >
      <CardHeader
        title={
          cluster.title ? `${cluster.title} (${cluster.name})` : cluster.name
        }
        titleTypographyProps={{ variant: 'h6', component: 'h3' }}
        subheader={`${cluster.accountId} · ${cluster.region}`}
      />
      <CardContent>
        <DetailList
          items={[
            ['Scan', <ScanStatus key="scan" cluster={cluster} />],
            [
              'Pod Identity agent',
              <AgentStatus key="agent" agent={cluster.agent} />,
            ],
            ['Associations', cluster.associationCount.toLocaleString()],
            ['Last scan', formatDateTime(cluster.lastScanAt)],
          ]}
        />
        {cluster.error && (
          <Typography
            variant="body2"
            color="error"
            style={{ overflowWrap: 'anywhere' }}
          >
            {cluster.error}
          </Typography>
        )}
        {!cluster.agent.installed && !cluster.agent.builtIn && (
          <InstallAgentButton cluster={cluster.name} />
        )}
        <RefreshButton cluster={cluster.name} onStarted={onRescanStarted} />
      </CardContent>
    </Card>
  );
}
