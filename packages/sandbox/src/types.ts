/**
 * Public contract of the sandbox. Tests, benchmarks and packages/backend rely on
 * these shapes; keep them stable and extend rather than change.
 */

/** An IAM policy document as JSON (never URL-encoded here). */
export type PolicyDocument = {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement | PolicyStatement[];
};

export type PolicyStatement = {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
};

/**
 * A date in a seed: an ISO timestamp (`2026-11-28T12:00:00Z`), or a duration
 * before the sandbox's start (`-3d`, `-2h`, `-1d12h`; units d, h, m, s in that
 * order), resolved once when the sandbox starts. Grammar in estate/dates.ts.
 */
export type SeedDate = string;

/** Seed of a sandbox: what `examples/sandbox/estate.yaml` holds. */
export type EstateSeed = {
  accounts: AccountSeed[];
  /** Extra AWS-managed policies (arn:aws:iam::aws:policy/...) beside the built-in ones. */
  awsManagedPolicies?: ManagedPolicySeed[];
};

export type AccountSeed = {
  id: string;
  alias?: string;
  /** Access key of this account's caller identity; derived from the id when absent. */
  accessKeyId?: string;
  secretAccessKey?: string;
  iam?: {
    roles?: RoleSeed[];
    policies?: ManagedPolicySeed[];
  };
  clusters?: ClusterSeed[];
};

export type RoleSeed = {
  name: string;
  path?: string;
  description?: string;
  trustPolicy: PolicyDocument;
  managedPolicyArns?: string[];
  inlinePolicies?: Record<string, PolicyDocument>;
  permissionsBoundaryArn?: string;
  tags?: Record<string, string>;
  maxSessionDuration?: number;
  /** Default: the sandbox's start. */
  createDate?: SeedDate;
  /** RoleLastUsed; null or absent = never used. */
  lastUsed?: SeedDate | null;
  lastUsedRegion?: string;
  /**
   * What IAM's last-accessed report says the role used, by service namespace
   * (GetServiceLastAccessedDetails). Granted services not listed were not used.
   * `actions` only for actions IAM tracks (TRACKED_ACTIONS).
   */
  lastAccessed?: ServiceLastAccessedSeed[];
};

export type ServiceLastAccessedSeed = {
  service: string;
  date: SeedDate;
  region?: string;
  actions?: Array<{ action: string; date: SeedDate }>;
};

export type ManagedPolicySeed = {
  name: string;
  path?: string;
  description?: string;
  document: PolicyDocument;
  tags?: Record<string, string>;
};

export type ClusterSeed = {
  name: string;
  region: string;
  version?: string;
  /** EKS Auto Mode: the Pod Identity agent is built in. */
  autoMode?: boolean;
  /**
   * The cluster's OIDC issuer URL (what IRSA trust policies name); default
   * one derived from the cluster ARN.
   */
  oidcIssuer?: string;
  /** Kubernetes API unreachable from the start. */
  down?: boolean;
  tags?: Record<string, string>;
  addons?: AddonSeed[];
  /** How the cluster's Kubernetes API signs callers in (default: API_AND_CONFIG_MAP, creator is admin). */
  accessConfig?: AccessConfigSeed;
  /** EKS access entries: who may call the Kubernetes API, as whom (see AccessEntrySeed). */
  accessEntries?: AccessEntrySeed[];
  associations?: AssociationSeed[];
  /**
   * Many look-alike associations (one namespace each) for quota-sized clusters;
   * the loader turns them into associations and Kubernetes objects with
   * `expandGeneratedAssociations` (estate/generate.ts).
   */
  generatedAssociations?: GeneratedAssociationsSeed;
  kubernetes?: KubernetesSeed;
};

export type GeneratedAssociationsSeed = {
  count: number;
  /** Namespaces are the prefix plus a 4-digit index from 0001 (`ci-0001`, ...). */
  namespacePrefix: string;
  /** Full ARN, or a role name in the cluster's account (as in AssociationSeed). */
  role: string;
  /** Service account created in every namespace (default `workload`). */
  serviceAccount?: string;
  /** When set, a one-replica Deployment with these labels runs in every namespace. */
  workloadLabels?: Record<string, string>;
  /** Start time of those pods. */
  startedAt?: SeedDate;
  createdAt?: SeedDate;
  modifiedAt?: SeedDate;
  tags?: Record<string, string>;
};

export type AddonSeed = {
  name: string;
  version?: string;
  status?:
    | 'CREATING'
    | 'ACTIVE'
    | 'CREATE_FAILED'
    | 'DEGRADED'
    | 'DELETING'
    | 'DELETE_FAILED'
    | 'UPDATING'
    | 'UPDATE_FAILED';
};

export type AccessConfigSeed = {
  authenticationMode?: 'API' | 'API_AND_CONFIG_MAP' | 'CONFIG_MAP';
  /**
   * As CreateCluster's option of the same name (default true): the cluster's
   * creator — the account's own identity, `arn:aws:iam::<account>:user/sandbox`
   * — gets an access entry with AmazonEKSClusterAdminPolicy.
   */
  bootstrapClusterCreatorAdminPermissions?: boolean;
};

/** An EKS access entry, with the fields of CreateAccessEntry and its access policies. */
export type AccessEntrySeed = {
  principalArn: string;
  /**
   * A JSON or YAML file (relative to the estate file) with the other fields,
   * e.g. the input of `aws eks create-access-entry --cli-input-json`, or
   * several (their kubernetesGroups add up); fields given here win.
   */
  file?: string | string[];
  type?: string;
  username?: string;
  kubernetesGroups?: string[];
  tags?: Record<string, string>;
  accessPolicies?: Array<{
    policyArn: string;
    accessScope: { type: 'cluster' | 'namespace'; namespaces?: string[] };
  }>;
};

export type AssociationSeed = {
  namespace: string;
  serviceAccount: string;
  /** Full ARN, or a role name in the cluster's account. */
  role: string;
  targetRoleArn?: string;
  disableSessionTags?: boolean;
  /** Session policy (requires disableSessionTags). */
  policy?: PolicyDocument;
  tags?: Record<string, string>;
  ownerArn?: string;
  /** Default: the sandbox's start. */
  createdAt?: SeedDate;
  /** Default: createdAt. */
  modifiedAt?: SeedDate;
};

export type KubernetesSeed = {
  namespaces?: string[];
  serviceAccounts?: Array<{
    namespace: string;
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  }>;
  nodes?: Array<{
    name: string;
    labels?: Record<string, string>;
  }>;
  /** Workloads; a Deployment/StatefulSet/DaemonSet/Job gets pods created for it. */
  workloads?: WorkloadSeed[];
  /** Extra bare pods. */
  pods?: PodSeed[];
  /**
   * RBAC objects (ClusterRole, ClusterRoleBinding, Role, RoleBinding), or
   * paths of YAML files holding them (relative to the estate file), applied
   * as `kubectl apply -f` would.
   */
  rbac?: Array<Record<string, unknown> | string>;
};

export type WorkloadSeed = {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job';
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  /** Labels of the pod template (default: labels). */
  podLabels?: Record<string, string>;
  serviceAccountName?: string;
  replicas?: number;
  /** Node names the pods run on, round-robin (default: the cluster's nodes). */
  nodeNames?: string[];
  /** Start time of the pods (default: the sandbox's start). */
  startedAt?: SeedDate;
};

export type PodSeed = {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  serviceAccountName?: string;
  nodeName?: string;
  /** Default: the sandbox's start. */
  startTime?: SeedDate;
};

export type TokenBucket = { ratePerSecond: number; burst?: number };

export type ThrottleConfig = {
  /** Per account-region; answers 429 ThrottlingException. */
  eks?: TokenBucket;
  /** Per account; answers 400 Throttling. */
  iam?: TokenBucket;
  /** Per account; answers 400 Throttling. */
  sts?: TokenBucket;
};

export type SandboxOptions = {
  /** An estate, or the path of a YAML estate file. Empty estate when absent. */
  seed?: EstateSeed | string;
  /** Port of the AWS endpoint (EKS, IAM and STS share it); 0 = ephemeral. */
  port?: number;
  /** Port of the Kubernetes API (HTTPS, one path prefix per cluster); 0 = ephemeral. */
  kubernetesPort?: number;
  /** Latency added to every AWS and Kubernetes call. */
  latencyMs?: number;
  throttle?: ThrottleConfig;
  /**
   * Whether each cluster's Kubernetes API signs callers in by their EKS
   * access entry and authorizes them by its access policies and RBAC
   * (default: as `authorization`). False: any identity of the cluster's
   * account is admin.
   */
  enforceAccessEntries?: boolean;
  /** How long a new add-on stays CREATING before it is ACTIVE (default 2000 ms). */
  addonCreateDelayMs?: number;
  /**
   * The sandbox's start (default: now; either in whole seconds, as IAM and
   * Kubernetes answer dates). Relative seed dates (`-3d`) count
   * back from it, undated seeded things take it, and Kubernetes timestamps
   * run on from it; so a test can load an estate as on another day. AWS
   * calls still stamp and check signatures against the real clock.
   */
  now?: Date;
  /**
   * Hold every EKS, IAM and STS call to AWS's authorization rules (default
   * true): unknown keys refused, calls evaluated against the caller's
   * policies, boundary and session policy, AssumeRole against the trust policy.
   */
  authorization?: boolean;
  /**
   * AWS's eventual consistency, in milliseconds (default 1000; 0 = off): a
   * new role is unknown to EKS and STS for this long, and a deleted
   * association keeps its service account taken for this long.
   */
  consistencyDelayMs?: number;
  /** How long a GenerateServiceLastAccessedDetails job stays IN_PROGRESS (default 200 ms). */
  lastAccessedJobMs?: number;
  /**
   * Provision the backend's identities from the plugins' shipped policy
   * files (default true): `backstage-reader` in every account and
   * `backstage-backend` in 111111111111, unless the estate defines them.
   */
  backendIdentities?: boolean;
};

export type SandboxAccount = {
  accountId: string;
  alias?: string;
  accessKeyId: string;
  secretAccessKey: string;
};

export type MutationLogEntry = {
  at: string;
  /** 'eks' | 'iam' | 'sts' | 'kubernetes' */
  service: string;
  /** AWS operation name (CreateRole) or Kubernetes verb + kind (create ServiceAccount). */
  operation: string;
  accountId?: string;
  region?: string;
  cluster?: string;
  /** ARN, association id, or namespace/name. */
  target?: string;
  /** What changed on the target, e.g. the policy ARN of AttachRolePolicy or the inline policy name. */
  detail?: string;
};

export interface SandboxFaults {
  setLatency(ms: number): void;
  setThrottle(throttle: ThrottleConfig | undefined): void;
  /** Make a cluster's Kubernetes API unreachable (connection refused) or bring it back. */
  setClusterDown(clusterName: string, down: boolean): void;
  /** Answer AccessDenied to an operation in an account, e.g. ('111111111111', 'iam:GetAccountAuthorizationDetails'). */
  denyOperation(accountId: string, operation: string): void;
  /** Fail the next call of an operation (e.g. 'eks:CreatePodIdentityAssociation') with a server error. */
  failNext(operation: string, times?: number): void;
  clear(): void;
}

export interface Sandbox {
  /** Base URLs for the SDK clients' `endpoint`. */
  endpoints: { eks: string; iam: string; sts: string };
  /** Kubernetes API base URL of a cluster (what DescribeCluster answers). */
  kubernetesUrl(clusterName: string, accountId?: string): string;
  /** PEM of the CA that signs the Kubernetes API's certificate. */
  kubernetesCaPem: string;
  accounts: SandboxAccount[];
  credentialsFor(accountId: string): {
    accessKeyId: string;
    secretAccessKey: string;
  };
  /**
   * Static keys that act as a session of a role (`arn:aws:sts::…:assumed-role/<role>/sandbox-workload`),
   * as a pod with that role's Pod Identity credentials would; derived from
   * the ARN (`workloadCredentials`), so they are the same on every run.
   */
  credentialsAs(roleArn: string): {
    accessKeyId: string;
    secretAccessKey: string;
  };
  /**
   * The SQS queue that an EventBridge rule (the README's pattern) feeds with
   * the CloudTrail events of the sandbox's own mutations. Only the keys of
   * `accountId` (its owner) may read it.
   */
  eventsQueue: { url: string; region: string; accountId: string; arn: string };
  faults: SandboxFaults;
  /** Every successful mutating call, in order. */
  mutations(): MutationLogEntry[];
  clearMutations(): void;
  /**
   * Calls answered per operation, failed and throttled ones included: AWS as
   * 'eks:ListPodIdentityAssociations' → n, Kubernetes (all clusters together)
   * as 'kubernetes:list ServiceAccount', 'kubernetes:get Pod',
   * 'kubernetes:create Namespace', ... and 'kubernetes:discovery'.
   */
  callCounts(): Record<string, number>;
  resetCallCounts(): void;
  /** JSON export of the current state in seed form (tests compare it with what plugins report). */
  exportEstate(): EstateSeed;
  stop(): Promise<void>;
}
