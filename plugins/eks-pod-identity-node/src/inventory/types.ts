/*
 * The raw inventory one scan produces: what AWS and Kubernetes said, decoded but
 * not interpreted. The backend stores it as a snapshot; the analyzers derive
 * findings and access summaries from it. Timestamps are ISO-8601 strings and
 * policy documents are decoded JSON objects.
 */
import type { PolicyDocument } from '@pod-identity/plugin-eks-pod-identity-common';

/** A cluster to scan: from `eksPodIdentity.clusters` or found by discovery. */
export interface ClusterRef {
  name: string;
  accountId: string;
  region: string;
  /** Display title from config. */
  title?: string;
  /** How the cluster became known; explicit config wins over discovery. */
  source: 'config' | 'discovery';
}

/** Outcome of a cluster's scan: `error` when its EKS part failed. */
export type ClusterInventoryStatus = 'ok' | 'error';

export interface ClusterInfo {
  name: string;
  accountId: string;
  region: string;
  title?: string;
  /** Absent when DescribeCluster failed. */
  arn?: string;
  /** Kubernetes API URL from DescribeCluster. */
  endpoint?: string;
  version?: string;
  /** EKS Auto Mode (`computeConfig.enabled`): the Pod Identity agent is built in. */
  autoMode: boolean;
  /** EKS cluster status, e.g. `ACTIVE`. */
  eksStatus?: string;
  tags: Record<string, string>;
  status: ClusterInventoryStatus;
  /** Why the EKS part of the scan failed. Never contains credentials. */
  error?: string;
}

export interface AgentInventory {
  /** The add-on is ACTIVE, or the agent DaemonSet exists in kube-system. */
  installed: boolean;
  /** Status of the `eks-pod-identity-agent` add-on; absent when there is none. */
  addonStatus?: string;
  addonVersion?: string;
  /** The `kube-system/eks-pod-identity-agent` DaemonSet exists; absent when Kubernetes was not readable. */
  daemonSetPresent?: boolean;
  /** All desired agent pods are ready; absent when there is no DaemonSet or Kubernetes was not readable. */
  daemonSetReady?: boolean;
}

/** A Pod Identity association as DescribePodIdentityAssociation returns it. */
export interface AssociationRecord {
  associationId: string;
  associationArn: string;
  clusterName: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  targetRoleArn?: string;
  externalId?: string;
  disableSessionTags: boolean;
  /** Session policy, parsed from the JSON string EKS returns. */
  sessionPolicy?: PolicyDocument;
  ownerArn?: string;
  tags: Record<string, string>;
  createdAt: string;
  modifiedAt: string;
}

export interface ServiceAccountRecord {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Value of `eks.amazonaws.com/role-arn` (IRSA), when set. */
  irsaRoleArn?: string;
}

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job';

/**
 * A Deployment, StatefulSet, DaemonSet or Job. All of them are listed (not
 * only those labelled `backstage.io/kubernetes-id`) so that entities mapped
 * through `backstage.io/kubernetes-label-selector` resolve too.
 */
export interface WorkloadRecord {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** Labels of the pod template. */
  podLabels: Record<string, string>;
  /** Pod template's service account (`default` when unset, as Kubernetes does). */
  serviceAccountName: string;
}

export interface PodRecord {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  serviceAccountName: string;
  nodeName?: string;
  startTime?: string;
  phase?: string;
}

/** `ec2` unless the node says otherwise through `eks.amazonaws.com/compute-type`. */
export type NodeComputeType = 'ec2' | 'fargate' | 'auto' | 'hybrid' | string;

export interface NodeRecord {
  name: string;
  computeType: NodeComputeType;
  /** From `kubernetes.io/os`; `linux` when absent. */
  os: string;
  labels: Record<string, string>;
}

export interface ClusterInventory {
  cluster: ClusterInfo;
  agent: AgentInventory;
  associations: AssociationRecord[];
  namespaces: string[];
  serviceAccounts: ServiceAccountRecord[];
  workloads: WorkloadRecord[];
  pods: PodRecord[];
  nodes: NodeRecord[];
  /**
   * Why the Kubernetes part failed; the Kubernetes lists are then empty and
   * must not be read as "nothing exists". The EKS part may still be complete.
   */
  kubernetesError?: string;
  scannedAt: string;
}

export interface InlinePolicyRecord {
  name: string;
  document: PolicyDocument;
}

export interface RoleRecord {
  arn: string;
  name: string;
  accountId: string;
  roleId?: string;
  path: string;
  /** Absent when read through GetAccountAuthorizationDetails, which omits it. */
  description?: string;
  createDate: string;
  /** Seconds; absent when read through GetAccountAuthorizationDetails, which omits it. */
  maxSessionDuration?: number;
  trustPolicy: PolicyDocument;
  inlinePolicies: InlinePolicyRecord[];
  attachedPolicyArns: string[];
  permissionsBoundaryArn?: string;
  tags: Record<string, string>;
  /** Absent when never used (or outside IAM's tracking window). */
  lastUsed?: string;
  lastUsedRegion?: string;
}

export interface ManagedPolicyRecord {
  arn: string;
  name: string;
  path: string;
  /** True for `arn:aws:iam::aws:policy/...`. */
  awsManaged: boolean;
  defaultVersionId: string;
  document: PolicyDocument;
  description?: string;
}

/** How the roles of an account were read. */
export type IamReadMode = 'authorizationDetails' | 'perRole';

export interface AccountIamInventory {
  accountId: string;
  /**
   * `true`: `roles` holds every role of the account, so a role absent from it
   * does not exist. `false`: only the roles asked for were read (e.g. target
   * roles in an account that is not scanned as a whole).
   */
  complete: boolean;
  mode: IamReadMode;
  roles: RoleRecord[];
  /**
   * Managed policies the roles attach or use as boundary (customer-managed and
   * AWS-managed), plus every customer-managed policy of the account when
   * `mode` is `authorizationDetails`.
   */
  policies: ManagedPolicyRecord[];
  /** Roles asked for that IAM says do not exist. */
  notFoundRoleArns: string[];
  /** Managed policy ARNs referenced by roles that could not be read. */
  unreadablePolicyArns: string[];
  /** Why the account could not be read (then `roles` is empty). Never contains credentials. */
  error?: string;
  scannedAt: string;
}

/** One full scan: every cluster, then the IAM of every account they use. */
export interface InventoryScan {
  startedAt: string;
  finishedAt: string;
  clusters: ClusterInventory[];
  accounts: AccountIamInventory[];
  /**
   * Accounts referenced by associations (role or target role) that have no
   * credentials configured, so their roles are unknown (`notReadable`).
   */
  unreadableAccountIds: string[];
  /** Discovery failures (an account × region whose ListClusters failed). */
  discoveryErrors: Array<{ accountId: string; region: string; error: string }>;
}

export interface ScanOptions {
  /** Only these cluster names; all known clusters when absent. */
  clusters?: string[];
  /** Called as each cluster finishes, so a caller can store it at once. */
  onCluster?: (inventory: ClusterInventory) => void | Promise<void>;
  /**
   * The caller gave up (e.g. the scheduled task timed out): no cluster is
   * handed to `onCluster` after it fires, and `scan` rejects with its reason.
   */
  signal?: AbortSignal;
}

/** Which associations of a cluster a targeted read covers. */
export interface AssociationScope {
  /** Just this one (DescribePodIdentityAssociation). */
  associationId?: string;
  /** Just this namespace's (with `serviceAccount`: that service account's). */
  namespace?: string;
  serviceAccount?: string;
}

export interface AccountIamScanOptions {
  /**
   * Read only these roles (per-role reads) instead of the whole account.
   * Used for target roles in accounts that have no cluster.
   */
  roleArns?: string[];
}

/** Reads the inventory; every method reports failures in its result rather than throwing. */
export interface InventoryScanner {
  /** Clusters from `eksPodIdentity.clusters` plus discovery, deduplicated. */
  listClusters(): Promise<{
    clusters: ClusterRef[];
    errors: InventoryScan['discoveryErrors'];
  }>;
  scanCluster(ref: ClusterRef): Promise<ClusterInventory>;
  scanAccountIam(
    accountId: string,
    options?: AccountIamScanOptions,
  ): Promise<AccountIamInventory>;
  /** Everything, with IAM and EKS reads overlapping and AWS-managed policies read once. */
  scan(options?: ScanOptions): Promise<InventoryScan>;
  /**
   * The cluster's associations within `scope`, as they are now (none: the
   * one named no longer exists). Throws when EKS does not answer, since a
   * partial answer here would read as deletions.
   */
  scanAssociations(
    ref: ClusterRef,
    scope: AssociationScope,
  ): Promise<AssociationRecord[]>;
  /** One service account as the Kubernetes API has it now; `undefined` when it does not exist. Throws when the API does not answer. */
  scanServiceAccount(
    ref: ClusterRef,
    namespace: string,
    name: string,
  ): Promise<ServiceAccountRecord | undefined>;
}

/** One service of IAM's service last accessed report (GetServiceLastAccessedDetails). */
export interface ServiceLastAccessedRecord {
  /** Service namespace, e.g. `s3`. */
  service: string;
  /** Absent when the role did not use it within IAM's tracking period. */
  lastAuthenticated?: string;
  region?: string;
  /**
   * Actions IAM tracks for this service that the role's policies grant;
   * absent when IAM tracks none of them (or the report was service-level).
   */
  trackedActions?: Array<{ action: string; lastAccessed?: string }>;
}

/** What IAM says a role used: its service last accessed report, action-level. */
export interface RoleLastAccessedRecord {
  roleArn: string;
  /** When IAM completed the report. */
  reportedAt: string;
  services: ServiceLastAccessedRecord[];
}
