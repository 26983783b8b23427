import type { Config } from '@backstage/config';
import { formatServiceAccountRef } from '@pod-identity/plugin-eks-pod-identity-common';
import {
  AnalysisInput,
  ClusterInventory,
  InventoryAnalyzer,
  InventoryAnalyzerOptions,
} from '@pod-identity/plugin-eks-pod-identity-node';
import { SnapshotMappings } from '../mapping/SnapshotMappings';
import type { InventorySnapshot } from '../snapshot/types';
import type { SnapshotAnalysis, SnapshotAnalyzer } from './SnapshotAnalyzer';

/**
 * The stored snapshot as the analysis reads it. Kubernetes lists of a
 * cluster whose Kubernetes API was never read are empty, not "nothing
 * exists", so they are marked unreadable; after a later failure they hold
 * the last good read and are used.
 */
export function toAnalysisInput(snapshot: InventorySnapshot): AnalysisInput {
  const mappings = new SnapshotMappings(snapshot);
  const clusters: ClusterInventory[] = snapshot.clusters.map(c => ({
    cluster: c.info ?? {
      name: c.name,
      accountId: c.accountId,
      region: c.region,
      ...(c.title ? { title: c.title } : {}),
      autoMode: false,
      tags: {},
      status: c.status === 'error' ? 'error' : 'ok',
    },
    agent: c.agent ?? { installed: false },
    associations: c.associations,
    namespaces: c.namespaces,
    serviceAccounts: c.serviceAccounts,
    workloads: c.workloads,
    pods: c.pods,
    nodes: c.nodes,
    ...(c.kubernetesError && !c.lastGoodScanAt
      ? { kubernetesError: c.kubernetesError }
      : {}),
    scannedAt: c.scannedAt ?? '',
  }));
  return {
    clusters,
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
  };
}

/** Findings, access summaries and simulation from `@pod-identity/plugin-eks-pod-identity-node`. */
export class InventorySnapshotAnalyzer implements SnapshotAnalyzer {
  static fromConfig(config: Config): InventorySnapshotAnalyzer {
    return new InventorySnapshotAnalyzer(InventoryAnalyzer.fromConfig(config));
  }

  static create(options?: InventoryAnalyzerOptions): InventorySnapshotAnalyzer {
    return new InventorySnapshotAnalyzer(new InventoryAnalyzer(options));
  }

  constructor(private readonly analyzer: InventoryAnalyzer) {}

  analyze(snapshot: InventorySnapshot): Promise<SnapshotAnalysis> {
    return this.analyzer.analyze(toAnalysisInput(snapshot));
  }
}
