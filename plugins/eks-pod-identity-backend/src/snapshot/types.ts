/*
 * The stored inventory as the backend holds it: the last good scan data per
 * cluster and per AWS account, with the outcome of the latest attempt beside it.
 */
import type {
  ClusterScanStatus,
  ServiceAccountSource,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  AgentInventory,
  AssociationRecord,
  ClusterInfo,
  IamReadMode,
  ManagedPolicyRecord,
  NodeRecord,
  PodRecord,
  RoleLastAccessedRecord,
  RoleRecord,
  ServiceAccountRecord,
  WorkloadRecord,
} from '@pod-identity/plugin-eks-pod-identity-node';

export interface ClusterSnapshot {
  name: string;
  accountId: string;
  region: string;
  title?: string;
  /** `pending` until the first scan of the cluster ends. */
  status: ClusterScanStatus;
  /** Why the latest attempt failed. */
  error?: string;
  /** The data below is from an earlier scan because the latest attempt failed. */
  stale: boolean;
  lastAttemptAt?: string;
  /** Last scan in which both EKS and Kubernetes answered. */
  lastGoodScanAt?: string;
  /** Scan time of the data below. */
  scannedAt?: string;
  info?: ClusterInfo;
  agent?: AgentInventory;
  /** Kubernetes part of the latest attempt failed; its lists are from an earlier scan. */
  kubernetesError?: string;
  namespaces: string[];
  associations: AssociationRecord[];
  serviceAccounts: ServiceAccountRecord[];
  workloads: WorkloadRecord[];
  pods: PodRecord[];
  nodes: NodeRecord[];
}

export interface AccountSnapshot {
  accountId: string;
  /** Every role of the account is known, so an absent role does not exist. */
  complete: boolean;
  mode: IamReadMode;
  error?: string;
  stale: boolean;
  scannedAt: string;
  lastGoodScanAt?: string;
  roles: RoleRecord[];
  policies: ManagedPolicyRecord[];
  notFoundRoleArns: string[];
  unreadablePolicyArns: string[];
}

/** A catalog entity claiming a service account, as resolved at the last scan. */
export interface EntityServiceAccountMapping {
  entityRef: string;
  /** `spec.owner` of the entity, as a full entity ref. */
  ownerRef?: string;
  source: ServiceAccountSource;
  cluster: string;
  namespace: string;
  serviceAccount: string;
  /** A workload of the service account carries the entity's kubernetes-id, or a grant tag names the entity. */
  corroborated: boolean;
  /** The entity's `backstage.io/kubernetes-id`, so that one declared by several entities backs none. */
  kubernetesId?: string;
}

export interface InventorySnapshot {
  /** Bumped by every write; replicas reload when it changes. */
  generation: number;
  lastFullScanAt?: string;
  clusters: ClusterSnapshot[];
  accounts: AccountSnapshot[];
  entityMappings: EntityServiceAccountMapping[];
  /** IAM's last-accessed reports of workload roles, from the last refresh; absent before one. */
  lastAccessed?: RoleLastAccessedRecord[];
}
