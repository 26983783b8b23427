import { formatServiceAccountRef } from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  AnalysisInput,
  ClusterInventory,
} from '@pod-identity/plugin-eks-pod-identity-node';
import { SnapshotMappings } from '../mapping/SnapshotMappings';
import type { ClusterSnapshot, InventorySnapshot } from '../snapshot/types';

/**
 * A stored cluster as the scan read it, or undefined when EKS never answered
 * for it (its info, agent and scan time are stored together by the first scan
 * that reached EKS; until then there is nothing to analyse). Kubernetes lists
 * of a cluster whose Kubernetes API was never read are empty, not "nothing
 * exists", so they are marked unreadable; after a later failure they hold the
 * last good read and are used.
 */
function storedClusterInventory(
  c: ClusterSnapshot,
): ClusterInventory | undefined {
  if (!c.info || !c.agent || !c.scannedAt) return undefined;
  return {
    cluster: c.info,
    agent: c.agent,
    associations: c.associations,
    namespaces: c.namespaces,
    serviceAccounts: c.serviceAccounts,
    workloads: c.workloads,
    pods: c.pods,
    nodes: c.nodes,
    ...(c.kubernetesError && !c.lastGoodScanAt
      ? { kubernetesError: c.kubernetesError }
      : {}),
    scannedAt: c.scannedAt,
  };
}

/** The stored snapshot as the analysis reads it, with what the catalog maps. */
export function toAnalysisInput(snapshot: InventorySnapshot): AnalysisInput {
  const mappings = new SnapshotMappings(snapshot);
  return {
    clusters: snapshot.clusters.flatMap(c => storedClusterInventory(c) ?? []),
    accounts: snapshot.accounts.map(a => ({
      accountId: a.accountId,
      complete: a.complete,
      mode: a.mode,
      roles: a.roles,
      policies: a.policies,
      notFoundRoleArns: a.notFoundRoleArns,
      unreadablePolicyArns: a.unreadablePolicyArns,
      ...(a.error ? { error: a.error } : {}),
      scannedAt: a.scannedAt,
    })),
    ownedServiceAccounts: new Set(
      mappings.honoured.map(m => formatServiceAccountRef(m)),
    ),
    contestedClaims: mappings.contested,
    ...(snapshot.lastAccessed && {
      lastAccessed: new Map(snapshot.lastAccessed.map(r => [r.roleArn, r])),
    }),
  };
}
