import type { ClusterSeed } from '../../types';
import type { ClusterState, SandboxState } from '../../state/model';
import {
  accessEntryProblems,
  associatePolicy,
  newAccessEntry,
} from './accessEntries';
import { CLUSTER_ADMIN_POLICY_ARN } from './accessPolicies';

/**
 * A seeded cluster's access entries: the creator's administrator entry (as
 * CreateCluster's bootstrapClusterCreatorAdminPermissions makes it, on by
 * default) and the seed's own. Seeds may name principals that do not exist
 * (an entry left behind by a deleted role); the rest is checked as EKS checks it.
 */
export function seedAccessEntries(
  state: SandboxState,
  cluster: ClusterState,
  seed: ClusterSeed,
  creatorArn: string,
  startedAt: Date,
) {
  const bootstrap =
    seed.accessConfig?.bootstrapClusterCreatorAdminPermissions ?? true;
  if (bootstrap && cluster.authenticationMode !== 'CONFIG_MAP') {
    const entry = newAccessEntry(
      state,
      cluster,
      { principalArn: creatorArn },
      startedAt,
    );
    associatePolicy(
      entry,
      CLUSTER_ADMIN_POLICY_ARN,
      { type: 'cluster', namespaces: [] },
      startedAt,
    );
    cluster.accessEntries.set(entry.principalArn, entry);
  }
  seed.accessEntries?.forEach((s, i) => {
    const where = `cluster ${cluster.name}: accessEntries[${i}]`;
    if (cluster.authenticationMode === 'CONFIG_MAP')
      throw new Error(
        `${where}: a cluster in CONFIG_MAP authentication mode has no access entries`,
      );
    const input = {
      principalArn: s.principalArn,
      type: s.type,
      username: s.username,
      kubernetesGroups: s.kubernetesGroups,
      tags: new Map(Object.entries(s.tags ?? {})),
    };
    const problems = accessEntryProblems(cluster, input);
    if (problems.length) throw new Error(`${where}: ${problems.join('; ')}`);
    // Listed after the creator's: the seed's entry for the same principal replaces it.
    const entry = newAccessEntry(state, cluster, input, startedAt);
    for (const p of s.accessPolicies ?? []) {
      associatePolicy(
        entry,
        p.policyArn,
        {
          type: p.accessScope.type,
          namespaces: p.accessScope.namespaces ?? [],
        },
        startedAt,
      );
    }
    cluster.accessEntries.set(entry.principalArn, entry);
  });
}
