import {
  ANNOTATION_KUBERNETES_ID,
  Association,
  ClusterStatus,
  formatServiceAccountRef,
  RoleDetail,
  RoleSummary,
  RoleUsage,
  accountOfArn,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  ManagedPolicyRecord,
  RoleRecord,
  ServiceAccountRecord,
  WorkloadRecord,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type { InventoryAnalysis } from '@pod-identity/plugin-eks-pod-identity-node';
import type { ServiceAccountKey } from '../mapping/GrantIndex';
import type { MappingDirectory } from '../mapping/resolveEntityServiceAccounts';
import { SnapshotMappings } from '../mapping/SnapshotMappings';
import { toAssociation } from '../api/association';
import { toClusterStatus } from '../api/clusterStatus';
import { toRoleDetail, toRoleSummary } from '../api/roles';
import { FindingIndex } from './FindingIndex';
import type {
  AccountSnapshot,
  ClusterSnapshot,
  EntityServiceAccountMapping,
  InventorySnapshot,
} from './types';

export interface ClusterWorkload {
  cluster: string;
  workload: WorkloadRecord;
}

const saKey = (cluster: string, namespace: string, serviceAccount: string) =>
  formatServiceAccountRef({ cluster, namespace, serviceAccount });

function compareAssociations(a: Association, b: Association): number {
  return (
    a.cluster.localeCompare(b.cluster) ||
    a.namespace.localeCompare(b.namespace) ||
    a.serviceAccount.localeCompare(b.serviceAccount) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * One snapshot generation, indexed for the routes and with every API object
 * built once, so a request only filters and slices.
 */
export class SnapshotView implements MappingDirectory {
  readonly generation: number;
  readonly findings: FindingIndex;
  /** Every association, ordered by cluster, namespace, service account, id. */
  readonly associations: Association[];

  private readonly mappings: SnapshotMappings;
  private readonly clusters = new Map<string, ClusterSnapshot>();
  private readonly statuses = new Map<string, ClusterStatus>();
  private readonly associationsByCluster = new Map<string, Association[]>();
  private readonly associationBySa = new Map<string, Association>();
  private readonly serviceAccounts = new Map<string, ServiceAccountRecord>();
  private readonly workloadsByKubernetesId = new Map<
    string,
    ClusterWorkload[]
  >();
  private readonly workloads: ClusterWorkload[] = [];
  private readonly roles = new Map<string, RoleRecord>();
  private readonly policies = new Map<string, ManagedPolicyRecord>();
  private readonly accounts = new Map<string, AccountSnapshot>();
  private readonly usage = new Map<string, RoleUsage[]>();
  private readonly roleDetails = new Map<string, RoleDetail>();
  /** Per service account: the entities mapped to it and their owners, lower-cased. */
  private readonly claimants = new Map<string, Set<string>>();

  constructor(
    readonly snapshot: InventorySnapshot,
    readonly analysis: InventoryAnalysis,
  ) {
    this.generation = snapshot.generation;
    this.findings = new FindingIndex(analysis.findings);

    for (const account of snapshot.accounts) {
      this.accounts.set(account.accountId, account);
      account.roles.forEach(r => this.roles.set(r.arn, r));
      account.policies.forEach(p => this.policies.set(p.arn, p));
    }

    this.mappings = new SnapshotMappings(snapshot);
    const mapped = new Map<string, Set<string>>();
    const ownerRefs = new Map<string, Set<string>>();
    for (const m of this.mappings.honoured) {
      const key = saKey(m.cluster, m.namespace, m.serviceAccount);
      mapped.set(key, (mapped.get(key) ?? new Set()).add(m.entityRef));
      if (m.ownerRef) {
        ownerRefs.set(key, (ownerRefs.get(key) ?? new Set()).add(m.ownerRef));
      }
      const claimants = this.claimants.get(key) ?? new Set<string>();
      claimants.add(m.entityRef.toLocaleLowerCase('en-US'));
      if (m.ownerRef) claimants.add(m.ownerRef.toLocaleLowerCase('en-US'));
      this.claimants.set(key, claimants);
    }

    const all: Association[] = [];
    for (const cluster of snapshot.clusters) {
      this.clusters.set(cluster.name, cluster);
      this.statuses.set(cluster.name, toClusterStatus(cluster));
      for (const sa of cluster.serviceAccounts) {
        this.serviceAccounts.set(
          saKey(cluster.name, sa.namespace, sa.name),
          sa,
        );
      }
      for (const workload of cluster.workloads) {
        const entry = { cluster: cluster.name, workload };
        this.workloads.push(entry);
        const id = workload.labels[ANNOTATION_KUBERNETES_ID];
        if (id !== undefined) {
          const list = this.workloadsByKubernetesId.get(id) ?? [];
          list.push(entry);
          this.workloadsByKubernetesId.set(id, list);
        }
      }
      for (const record of cluster.associations) {
        const key = saKey(
          cluster.name,
          record.namespace,
          record.serviceAccount,
        );
        const association = toAssociation(
          cluster.name,
          record,
          {
            entityRefs: [...(mapped.get(key) ?? [])].sort(),
            ownerRefs: [...(ownerRefs.get(key) ?? [])].sort(),
          },
          this.findings.about(
            { type: 'association', id: record.associationId },
            { type: 'serviceAccount', id: key },
            { type: 'role', id: record.roleArn },
            record.targetRoleArn
              ? { type: 'role', id: record.targetRoleArn }
              : undefined,
            { type: 'cluster', id: cluster.name },
          ),
          analysis,
        );
        all.push(association);
        this.associationBySa.set(key, association);
        const usage = {
          cluster: cluster.name,
          namespace: record.namespace,
          serviceAccount: record.serviceAccount,
          associationId: record.associationId,
        };
        for (const arn of new Set([record.roleArn, record.targetRoleArn])) {
          if (!arn) continue;
          const users = this.usage.get(arn);
          if (users) users.push(usage);
          else this.usage.set(arn, [usage]);
        }
      }
    }
    this.associations = all.sort(compareAssociations);
    for (const a of this.associations) {
      const list = this.associationsByCluster.get(a.cluster) ?? [];
      list.push(a);
      this.associationsByCluster.set(a.cluster, list);
    }
  }

  clusterNames(): string[] {
    return [...this.clusters.keys()];
  }

  clusterStatuses(): ClusterStatus[] {
    return [...this.statuses.values()];
  }

  clusterStatus(name: string): ClusterStatus | undefined {
    return this.statuses.get(name);
  }

  cluster(name: string): ClusterSnapshot | undefined {
    return this.clusters.get(name);
  }

  associationsOf(cluster?: string): Association[] {
    return cluster === undefined
      ? this.associations
      : this.associationsByCluster.get(cluster) ?? [];
  }

  associationFor(cluster: string, namespace: string, serviceAccount: string) {
    return this.associationBySa.get(saKey(cluster, namespace, serviceAccount));
  }

  /** Whether `entityRef` maps to the association's service account, or owns an entity that does. */
  isClaimedBy(association: Association, entityRef: string): boolean {
    const key = saKey(
      association.cluster,
      association.namespace,
      association.serviceAccount,
    );
    return (
      this.claimants.get(key)?.has(entityRef.toLocaleLowerCase('en-US')) ??
      false
    );
  }

  /** The catalog's mappings that hold: corroborated or uncontested claims, and grants. */
  get entityMappings(): EntityServiceAccountMapping[] {
    return this.mappings.honoured;
  }

  grantsOn(sa: ServiceAccountKey): string[] {
    return this.mappings.grants.grantsOn(sa);
  }

  grantsTo(entityRef: string): ServiceAccountKey[] {
    return this.mappings.grants.grantsTo(entityRef);
  }

  /** Every entity some association or role is granted to. */
  grantedEntityRefs(): string[] {
    return [...new Set(this.mappings.grants.grants.map(g => g.entityRef))];
  }

  corroboratedClaimants(sa: ServiceAccountKey): string[] {
    return this.mappings.corroboratedClaimants(sa);
  }

  kubernetesIdDeclarers(id: string): string[] {
    return this.mappings.kubernetesIdDeclarers(id);
  }

  serviceAccount(cluster: string, namespace: string, name: string) {
    return this.serviceAccounts.get(saKey(cluster, namespace, name));
  }

  /** Workloads labelled `backstage.io/kubernetes-id=<id>`, in every cluster. */
  workloadsWithKubernetesId(id: string): ClusterWorkload[] {
    return this.workloadsByKubernetesId.get(id) ?? [];
  }

  allWorkloads(): ClusterWorkload[] {
    return this.workloads;
  }

  roleSummary(arn: string): RoleSummary {
    return toRoleSummary(
      arn,
      this.roles.get(arn),
      this.accounts.get(accountOfArn(arn) ?? ''),
    );
  }

  /** The role as read from IAM; undefined when the inventory does not hold it. */
  roleDetail(arn: string): RoleDetail | undefined {
    const role = this.roles.get(arn);
    if (!role) return undefined;
    let detail = this.roleDetails.get(arn);
    if (!detail) {
      detail = toRoleDetail(
        role,
        policyArn => this.policies.get(policyArn),
        this.usage.get(arn) ?? [],
        this.findings.about({ type: 'role', id: arn }),
        this.analysis,
      );
      this.roleDetails.set(arn, detail);
    }
    return detail;
  }

  account(accountId: string): AccountSnapshot | undefined {
    return this.accounts.get(accountId);
  }
}
