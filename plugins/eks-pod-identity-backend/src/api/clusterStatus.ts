import type { ClusterStatus } from '@pod-identity/plugin-eks-pod-identity-common';
import type { ClusterSnapshot } from '../snapshot/types';

export function toClusterStatus(cluster: ClusterSnapshot): ClusterStatus {
  return {
    name: cluster.name,
    accountId: cluster.accountId,
    region: cluster.region,
    ...(cluster.title ? { title: cluster.title } : {}),
    status: cluster.status,
    ...(cluster.error ? { error: cluster.error } : {}),
    stale: cluster.stale,
    agent: {
      installed: cluster.agent?.installed ?? false,
      ...(cluster.info?.autoMode ? { builtIn: true } : {}),
      ...(cluster.agent?.addonStatus
        ? { addonStatus: cluster.agent.addonStatus }
        : {}),
      ...(cluster.agent?.addonVersion
        ? { addonVersion: cluster.agent.addonVersion }
        : {}),
    },
    associationCount: cluster.associations.length,
    ...(cluster.lastGoodScanAt ? { lastScanAt: cluster.lastGoodScanAt } : {}),
  };
}
