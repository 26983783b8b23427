import { WarningPanel } from '@backstage/core-components';
import type { ClusterStatus } from '@pod-identity/plugin-eks-pod-identity-common';
import { formatDateTime } from '../../utils/formatDate';

/**
 * One warning per cluster whose data may be wrong: its last scan failed (the
 * data shown, if any, is from an earlier scan) or it has not been scanned yet.
 */
export function ClusterStatusBanner(props: {
  clusters: readonly ClusterStatus[];
}) {
  const troubled = props.clusters.filter(c => c.status !== 'ok' || c.stale);
  return (
    <>
      {troubled.map(c => (
        <WarningPanel
          key={c.name}
          severity={c.status === 'error' ? 'error' : 'warning'}
          defaultExpanded={c.status === 'error'}
          title={
            c.status === 'pending'
              ? `Cluster ${c.name} has not been scanned yet`
              : `Cluster ${c.name} is unreachable${
                  c.stale ? ': showing data from an earlier scan' : ''
                }`
          }
          message={
            <>
              {c.error && (
                <>
                  {c.error}
                  <br />
                </>
              )}
              Last successful scan: {formatDateTime(c.lastScanAt)}
            </>
          }
        />
      ))}
    </>
  );
}
