import type { ConfiguredCluster, DiscoveryTarget } from '../config/readConfig';
import type { EksGateway } from '../aws/EksGateway';
import { describeError } from '../aws/errors';
import type { ClusterRef, InventoryScan } from './types';

/**
 * Explicit clusters plus every cluster ListClusters finds in the discovery
 * accounts × regions. Explicit entries win (they carry the title); a
 * discovered cluster whose name is already taken by another account-region is
 * reported rather than shadowing it, because names identify clusters in the
 * catalog annotations and the REST API.
 */
export async function listClusters(options: {
  clusters: ConfiguredCluster[];
  discovery: DiscoveryTarget[];
  eks: EksGateway;
}): Promise<{
  clusters: ClusterRef[];
  errors: InventoryScan['discoveryErrors'];
}> {
  const byName = new Map<string, ClusterRef>();
  for (const c of options.clusters) {
    byName.set(c.name, { ...c, source: 'config' });
  }
  const errors: InventoryScan['discoveryErrors'] = [];
  const targets = options.discovery.flatMap(d =>
    d.regions.map(region => ({ accountId: d.accountId, region })),
  );
  const found = await Promise.all(
    targets.map(async ({ accountId, region }) => {
      try {
        const names = await options.eks.listClusters(accountId, region);
        return names.map(name => ({ name, accountId, region }));
      } catch (e) {
        errors.push({ accountId, region, error: describeError(e) });
        return [];
      }
    }),
  );
  for (const cluster of found.flat()) {
    const existing = byName.get(cluster.name);
    if (!existing) {
      byName.set(cluster.name, { ...cluster, source: 'discovery' });
    } else if (
      existing.accountId !== cluster.accountId ||
      existing.region !== cluster.region
    ) {
      errors.push({
        accountId: cluster.accountId,
        region: cluster.region,
        error: `Cluster ${cluster.name} is skipped: the name is already used by the cluster in account ${existing.accountId}, ${existing.region}. Cluster names must be unique; list one of them under eksPodIdentity.clusters and drop its account-region from discovery.`,
      });
    }
  }
  return { clusters: [...byName.values()], errors };
}
