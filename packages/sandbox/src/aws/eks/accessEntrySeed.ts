import type { ClusterSeed } from '../../types';
import type { ClusterState, SandboxState } from '../../state/model';
import {
  accessEntryProblems,
  associatePolicy,
  newAccessEntry,
} from './accessEntries';
import { CLUSTER_ADMIN_POLICY_ARN } from './accessPolicies';
import {
  backendAccessEntry,
  backendRbacObjects,
  BACKEND_KUBERNETES_ROLE,
} from '../../estate/backendKubernetesAccess';

/**
 * A seeded cluster's access entries: the creator's administrator entry (as
 * CreateCluster's bootstrapClusterCreatorAdminPermissions makes it, on by
 * default), the seed's own, and the backend's (see provisionBackendAccess). Seeds may name principals that do not exist
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
  provisionBackendAccess(state, cluster, startedAt);
}

/**
 * The backend's identity in the cluster's account gets the Kubernetes access
 * the plugins ship, unless the seed gives it an entry of its own.
 */
function provisionBackendAccess(
  state: SandboxState,
  cluster: ClusterState,
  startedAt: Date,
) {
  const account = state.accounts.get(cluster.accountId);
  if (
    cluster.authenticationMode === 'CONFIG_MAP' ||
    !account?.roles.has(BACKEND_KUBERNETES_ROLE)
  )
    return;
  const seed = backendAccessEntry(cluster.accountId);
  if (cluster.accessEntries.has(seed.principalArn)) return;
  cluster.accessEntries.set(
    seed.principalArn,
    newAccessEntry(
      state,
      cluster,
      {
        principalArn: seed.principalArn,
        kubernetesGroups: seed.kubernetesGroups,
      },
      startedAt,
    ),
  );
  const rbac = cluster.kubernetes?.rbac ?? [];
  const key = (o: Record<string, unknown> | string) =>
    typeof o === 'string'
      ? o
      : `${o.kind}/${(o.metadata as { name?: string } | undefined)?.name}`;
  const present = new Set(rbac.map(key));
  cluster.kubernetes = {
    ...cluster.kubernetes,
    rbac: [...rbac, ...backendRbacObjects().filter(o => !present.has(key(o)))],
  };
}
