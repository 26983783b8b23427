/*
 * The v1 REST contract of the eks-pod-identity backend (docs/architecture.md §5).
 *
 * Stability: fields are only ever added (optional first) within v1; renaming or
 * removing one is a v2 change. Timestamps are ISO-8601 strings, policy documents
 * are decoded JSON objects (never URL-encoded strings).
 */

// ---------------------------------------------------------------------------
// IAM policy documents

/** A string or a list of strings, as IAM policy grammar allows almost everywhere. */
export type OneOrMany<T> = T | T[];

/** Condition block: operator → condition key → value(s). */
export type PolicyCondition = Record<
  string,
  Record<string, OneOrMany<string | number | boolean>>
>;

/** `"*"` or `{ AWS | Service | Federated | CanonicalUser: ... }` (trust policies only). */
export type PolicyPrincipal = '*' | Record<string, OneOrMany<string>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Principal?: PolicyPrincipal;
  NotPrincipal?: PolicyPrincipal;
  Condition?: PolicyCondition;
}

export interface PolicyDocument {
  Version?: '2012-10-17' | '2008-10-17' | string;
  Id?: string;
  Statement: OneOrMany<PolicyStatement>;
}

// ---------------------------------------------------------------------------
// Findings (docs/architecture.md §6)

export type FindingSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export type FindingCode =
  | 'AGENT_MISSING'
  | 'TRUST_MISSING_PRINCIPAL'
  | 'TRUST_MISSING_TAG_SESSION'
  | 'ROLE_NOT_FOUND'
  | 'POLICY_ADMIN'
  | 'POLICY_PRIVILEGE_ESCALATION'
  | 'POLICY_LATERAL_MOVEMENT'
  | 'PODS_PREDATE_ASSOCIATION'
  | 'UNSUPPORTED_COMPUTE'
  | 'POLICY_WILDCARD_ACTION'
  | 'SESSION_POLICY_WITH_TAGS'
  | 'TARGET_ROLE_CHAIN_BROKEN'
  | 'SERVICE_ACCOUNT_MISSING'
  | 'ROLE_SHARED'
  | 'POLICY_WILDCARD_RESOURCE_WRITE'
  | 'QUOTA_NEAR_LIMIT'
  | 'IRSA_LEFTOVER'
  | 'TRUST_UNSCOPED'
  | 'NO_PERMISSIONS_BOUNDARY'
  | 'UNOWNED_ASSOCIATION'
  | 'IRSA_ONLY'
  | 'ROLE_UNUSED'
  | 'PERMISSIONS_UNUSED'
  | 'ADDON_OWNED'
  | 'MAPPING_CONTESTED';

export type FindingSubjectType =
  | 'cluster'
  | 'association'
  | 'role'
  | 'serviceAccount';

export interface Finding {
  code: FindingCode;
  severity: FindingSeverity;
  title: string;
  /** Names the exact statement, pod, node or annotation that triggered it. */
  detail: string;
  remediation: string;
  /**
   * `id` is the cluster name, the association id, the role ARN, or
   * `cluster:namespace/serviceAccount` for a service account.
   */
  subject: { type: FindingSubjectType; id: string };
  /** Cluster the finding belongs to, when it belongs to one (for filtering). */
  cluster?: string;
}

export type FindingCounts = Record<FindingSeverity, number>;

/** `GET /v1/findings` */
export interface FindingsResponse {
  items: Finding[];
  summary: {
    bySeverity: FindingCounts;
    byCode: Partial<Record<FindingCode, number>>;
  };
}

// ---------------------------------------------------------------------------
// Effective access

/** IAM access levels, with composite catalogue levels split into their parts. */
export type AccessLevel =
  | 'List'
  | 'Read'
  | 'Write'
  | 'Permissions management'
  | 'Tagging';

export interface ServiceAccess {
  /** IAM service prefix, e.g. `s3`. */
  service: string;
  /** Number of effectively allowed actions per access level. */
  levels: Record<AccessLevel, number>;
  /** True when some allowed action applies to `Resource: "*"`. */
  wildcardResource: boolean;
  /** Resource patterns the allowed actions apply to. */
  resources: string[];
  /** What IAM's last-accessed data says of the service; absent until it was read. */
  usage?: ServiceUsage;
}

/**
 * Whether a granted service was used within the last-accessed window
 * (`eksPodIdentity.lastAccessed.window`), from IAM's service last accessed data.
 */
export interface ServiceUsage {
  used: boolean;
  /** When the role last used the service (within IAM's 400-day tracking period). */
  lastAccessed?: string;
  /** Days the judgement covers. */
  windowDays: number;
  /** Actions IAM tracks for this service that the policies grant, and how many of them were used. */
  trackedActions?: { used: number; granted: number };
}

/** Effective access = identity policies ∩ permissions boundary ∩ session policy. */
export interface AccessSummary {
  services: ServiceAccess[];
  /** `*` on `*` survives the boundary and the session policy. */
  admin: boolean;
}

// ---------------------------------------------------------------------------
// Clusters

export type ClusterScanStatus = 'ok' | 'error' | 'pending';

/** An item of `GET /v1/clusters`. */
export interface ClusterStatus {
  name: string;
  accountId: string;
  region: string;
  title?: string;
  status: ClusterScanStatus;
  /** Why the last scan failed (status `error`). Never contains credentials. */
  error?: string;
  /** True when the data served is from an earlier scan because the last one failed. */
  stale?: boolean;
  agent: {
    installed: boolean;
    /**
     * EKS Auto Mode: the agent is part of the cluster's managed compute, so
     * no add-on or DaemonSet is needed (or found).
     */
    builtIn?: boolean;
    addonStatus?: string;
    addonVersion?: string;
  };
  associationCount: number;
  /** Time of the last successful scan; absent before the first. */
  lastScanAt?: string;
}

export interface ClustersResponse {
  items: ClusterStatus[];
}

// ---------------------------------------------------------------------------
// Associations

export interface Association {
  /** EKS association id, e.g. `a-abcdefgh12345678`. */
  id: string;
  arn: string;
  cluster: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  targetRoleArn?: string;
  disableSessionTags: boolean;
  /** The association's session policy, decoded. */
  sessionPolicy?: PolicyDocument;
  /** Set when an EKS add-on manages the association (read-only here). */
  ownerArn?: string;
  createdAt: string;
  modifiedAt: string;
  tags: Record<string, string>;
  /** Entity refs of the catalog entities that map to this service account. */
  owners: string[];
  findings: Finding[];
  /** Effective access through this association (access-analysis). */
  access?: AccessSummary;
}

/** Envelope of every paged list route. */
export interface ListResponse<T> {
  items: T[];
  totalCount: number;
  /** Opaque; pass as `cursor` to get the next page. Absent on the last page. */
  nextCursor?: string;
}

export type AssociationsResponse = ListResponse<Association>;

/** Query of `GET /v1/associations`. */
export interface AssociationsQuery {
  cluster?: string;
  namespace?: string;
  serviceAccount?: string;
  roleArn?: string;
  finding?: FindingCode;
  severity?: FindingSeverity;
  /**
   * Entity ref: associations whose service account is mapped to that catalog
   * entity, or to an entity whose `spec.owner` it is (e.g. `group:default/team-orders`).
   */
  owner?: string;
  limit?: number;
  cursor?: string;
}

// ---------------------------------------------------------------------------
// Roles

/**
 * Whether the inventory could read the role: `notFound` means IAM says it does
 * not exist; `notReadable` means no credentials for its account (e.g. a
 * cross-account target role), so nothing is known about it.
 */
export type RoleState = 'found' | 'notFound' | 'notReadable';

export interface RoleSummary {
  arn: string;
  name: string;
  accountId: string;
  state: RoleState;
  path?: string;
  permissionsBoundaryArn?: string;
  managedPolicyArns?: string[];
  inlinePolicyNames?: string[];
  tags?: Record<string, string>;
  lastUsed?: string;
}

export interface ManagedPolicy {
  arn: string;
  name: string;
  /** True for `arn:aws:iam::aws:policy/...`. */
  awsManaged: boolean;
  defaultVersionId?: string;
  /** Absent when the policy could not be read. */
  document?: PolicyDocument;
}

export interface InlinePolicy {
  name: string;
  document: PolicyDocument;
}

export interface RoleUsage {
  cluster: string;
  namespace: string;
  serviceAccount: string;
  associationId: string;
}

/** `GET /v1/roles/:roleArn` */
export interface RoleDetail {
  arn: string;
  name: string;
  accountId: string;
  path: string;
  trustPolicy: PolicyDocument;
  managedPolicies: ManagedPolicy[];
  inlinePolicies: InlinePolicy[];
  permissionsBoundaryArn?: string;
  /** Document of the permissions boundary, when it could be read. */
  permissionsBoundary?: PolicyDocument;
  tags: Record<string, string>;
  createDate: string;
  /** Absent when the role was never used (or not in the tracking window). */
  lastUsed?: string;
  lastUsedRegion?: string;
  /** Seconds. */
  maxSessionDuration: number;
  description?: string;
  usedBy: RoleUsage[];
  findings: Finding[];
  access?: AccessSummary;
  /** What PERMISSIONS_UNUSED proposes to take away; present only with that finding. */
  rightSizing?: RightSizingProposal;
}

/**
 * The role's policies without the grants it did not use in the window (IAM
 * last-accessed data): what the right-size template offers for review.
 */
export interface RightSizingProposal {
  windowDays: number;
  unusedServices: string[];
  inlinePolicies: Array<{
    policyName: string;
    /** The narrowed policy; absent when nothing of it would be left. */
    document?: PolicyDocument;
    removedActions: string[];
  }>;
  /** Managed policies cannot be narrowed here: what to replace them without. */
  managedPolicies: Array<{ policyArn: string; removedActions: string[] }>;
}

// ---------------------------------------------------------------------------
// Entity access

/**
 * How an entity came to be mapped to a service account: its
 * `eks-pod-identity/service-accounts` annotation, the workloads carrying its
 * `backstage.io/kubernetes-id` (or matching its label selector), or a grant
 * (the association or its role is tagged `backstage.io/entity-ref` with the
 * entity, as the scaffolder actions do).
 */
export type ServiceAccountSource = 'annotation' | 'kubernetes-id' | 'grant';

export interface ServiceAccountAccess {
  cluster: string;
  namespace: string;
  serviceAccount: string;
  source: ServiceAccountSource;
  /**
   * Set when the entity's claim on the service account is contested: it is
   * not corroborated (no grant tag names the entity, no workload of the
   * service account carries a kubernetes-id that only this entity declares)
   * while these entities have an equal or better claim. Only inventory
   * readers see such items.
   */
  contestedBy?: string[];
  serviceAccountExists: boolean;
  /** Value of the `eks.amazonaws.com/role-arn` annotation, when set (IRSA). */
  irsaRoleArn?: string;
  association?: Association;
  role?: RoleSummary;
  targetRole?: RoleSummary;
  access: AccessSummary;
  findings: Finding[];
}

/** `GET /v1/entity/:namespace/:kind/:name/access` */
export interface EntityAccessResponse {
  entityRef: string;
  /** Oldest scan time among the clusters the answer draws on; absent before any scan. */
  scannedAt?: string;
  clusters: ClusterStatus[];
  items: ServiceAccountAccess[];
}

// ---------------------------------------------------------------------------
// Simulation

export type PolicyDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export type PolicyKind = 'identity' | 'boundary' | 'session';

/** Which policy a statement came from. */
export interface PolicyRef {
  kind: PolicyKind;
  /** Inline policy name, or managed policy name. */
  name?: string;
  /** Managed policy ARN (managed policies and boundaries). */
  arn?: string;
}

export interface MatchedStatement {
  policy: PolicyRef;
  sid?: string;
  /** Position of the statement in its policy's Statement list. */
  index: number;
  effect: 'Allow' | 'Deny';
}

/** Request context values; IAM compares them as strings. */
export type ContextValue = string | string[];

/** `POST /v1/simulate` body. */
export interface SimulateRequest {
  entityRef: string;
  /** `service:Action`, e.g. `s3:GetObject`. */
  action: string;
  /** Resource ARN, or `*`. */
  resource: string;
  /** Condition keys the request carries, e.g. `{ "aws:SourceIp": "10.0.0.1" }`. */
  context?: Record<string, ContextValue>;
}

/** One service account's answer to a simulation. */
export interface SimulateResult {
  cluster: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  /** Set when the decision is about the cross-account target role. */
  targetRoleArn?: string;
  decision: PolicyDecision;
  /** The statements that decided it. */
  statements: MatchedStatement[];
  /** One or two sentences a developer understands. */
  explanation: string;
  /** Condition keys the policies test that the request did not supply. */
  missingContextKeys: string[];
  /**
   * True when the inventory lacks what the decision depends on (e.g. a
   * cross-account target role in an account without credentials): the
   * decision is then `implicitDeny` and the explanation says what is missing.
   */
  undetermined?: boolean;
}

export interface SimulateResponse {
  results: SimulateResult[];
}

// ---------------------------------------------------------------------------
// Misc routes

/** `POST /v1/refresh` body; no cluster = every cluster. */
export interface RefreshRequest {
  cluster?: string;
}

/** An item of `GET /v1/actions?q=`. */
export interface ActionSuggestion {
  /** `service:Action` */
  action: string;
  service: string;
  accessLevels: AccessLevel[];
  description?: string;
}

export interface ActionsResponse {
  items: ActionSuggestion[];
}

/** An item of `GET /v1/governance/owners`. */
export interface OwnerReport {
  /** Owner group entity ref; `null` gathers what no catalog entity maps to. */
  owner: string | null;
  associationCount: number;
  roleCount: number;
  findings: FindingCounts;
  irsa: {
    /** Service accounts with a Pod Identity association. */
    podIdentity: number;
    /** Service accounts using IRSA only. */
    irsaOnly: number;
    /** podIdentity / (podIdentity + irsaOnly) × 100, rounded; 100 when both are 0. */
    migrationPercent: number;
    /** The same counts per cluster, with the service accounts still to migrate. */
    byCluster?: IrsaClusterMigration[];
  };
}

/** IRSA → Pod Identity migration progress of one owner on one cluster. */
export interface IrsaClusterMigration {
  cluster: string;
  podIdentity: number;
  irsaOnly: number;
  migrationPercent: number;
  /** `namespace/serviceAccount` of the IRSA-only service accounts. */
  irsaOnlyServiceAccounts: string[];
}

export interface OwnersResponse {
  items: OwnerReport[];
}

/** Body of every 4xx/5xx response. */
export interface ErrorResponseBody {
  error: {
    name: string;
    message: string;
  };
}
