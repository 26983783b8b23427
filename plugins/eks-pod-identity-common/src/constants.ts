import type { FindingCode, FindingSeverity } from './api/types';

/** Backstage plugin id; backend routes live under `/api/eks-pod-identity`. */
export const EKS_POD_IDENTITY_PLUGIN_ID = 'eks-pod-identity';

/** `cluster:namespace/serviceaccount`, comma separated (docs/architecture.md §4). */
export const ANNOTATION_SERVICE_ACCOUNTS = 'eks-pod-identity/service-accounts';
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
/** Service account annotation that opts the account into IRSA. */
export const ANNOTATION_IRSA_ROLE_ARN = 'eks.amazonaws.com/role-arn';

/** Cluster value in the service-accounts annotation meaning "every configured cluster". */
export const ALL_CLUSTERS = '*';

/** Service principal a Pod Identity role's trust policy must allow. */
export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';
/** Actions the trust policy must allow the principal (TagSession unless session tags are disabled). */
export const POD_IDENTITY_TRUST_ACTIONS = ['sts:AssumeRole', 'sts:TagSession'];

/** Session tags EKS Pod Identity attaches (readable as `aws:PrincipalTag/<key>`). */
export const SESSION_TAG_CLUSTER_ARN = 'eks-cluster-arn';
export const SESSION_TAG_CLUSTER_NAME = 'eks-cluster-name';
export const SESSION_TAG_NAMESPACE = 'kubernetes-namespace';
export const SESSION_TAG_SERVICE_ACCOUNT = 'kubernetes-service-account';
export const SESSION_TAG_POD_NAME = 'kubernetes-pod-name';
export const SESSION_TAG_POD_UID = 'kubernetes-pod-uid';
export const POD_IDENTITY_SESSION_TAGS = [
  SESSION_TAG_CLUSTER_ARN,
  SESSION_TAG_CLUSTER_NAME,
  SESSION_TAG_NAMESPACE,
  SESSION_TAG_SERVICE_ACCOUNT,
  SESSION_TAG_POD_NAME,
  SESSION_TAG_POD_UID,
] as const;
/** Tags that differ per pod, so an association-level analysis cannot know them. */
export const POD_LEVEL_SESSION_TAGS = [
  SESSION_TAG_POD_NAME,
  SESSION_TAG_POD_UID,
];

/** EKS quota of Pod Identity associations per cluster. */
export const MAX_ASSOCIATIONS_PER_CLUSTER = 5000;

/** Most severe first. */
export const SEVERITY_ORDER: readonly FindingSeverity[] = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
];

/** 0 for critical … 4 for info: sort ascending to put the worst first. */
export function severityRank(severity: FindingSeverity): number {
  return SEVERITY_ORDER.indexOf(severity);
}

export interface FindingDefinition {
  severity: FindingSeverity;
  title: string;
}

/** The stable finding catalogue (docs/architecture.md §6): one place for severity and title. */
export const FINDING_CATALOGUE: Readonly<
  Record<FindingCode, FindingDefinition>
> = {
  AGENT_MISSING: {
    severity: 'critical',
    title: 'Pod Identity agent is not running on the cluster',
  },
  TRUST_MISSING_PRINCIPAL: {
    severity: 'critical',
    title: 'Role trust policy does not allow pods.eks.amazonaws.com',
  },
  TRUST_MISSING_TAG_SESSION: {
    severity: 'critical',
    title: 'Role trust policy allows sts:AssumeRole but not sts:TagSession',
  },
  ROLE_NOT_FOUND: {
    severity: 'critical',
    title: 'Associated IAM role does not exist',
  },
  POLICY_ADMIN: {
    severity: 'critical',
    title: 'Role has full administrator access',
  },
  POLICY_PRIVILEGE_ESCALATION: {
    severity: 'critical',
    title: 'Role can escalate its own privileges',
  },
  POLICY_LATERAL_MOVEMENT: {
    severity: 'high',
    title:
      'Role can act as other principals, take their credentials or expose resources to them',
  },
  PODS_PREDATE_ASSOCIATION: {
    severity: 'high',
    title:
      'Pods started before the association and have no Pod Identity credentials',
  },
  UNSUPPORTED_COMPUTE: {
    severity: 'high',
    title:
      'Pods run on Fargate or Windows nodes, where Pod Identity is not supported',
  },
  POLICY_WILDCARD_ACTION: {
    severity: 'high',
    title: 'Policy allows every action of a service',
  },
  SESSION_POLICY_WITH_TAGS: {
    severity: 'high',
    title: 'Session policy set while session tags are enabled',
  },
  TARGET_ROLE_CHAIN_BROKEN: {
    severity: 'high',
    title: 'Association role cannot assume its target role',
  },
  SERVICE_ACCOUNT_MISSING: {
    severity: 'medium',
    title: 'Associated namespace or service account does not exist',
  },
  ROLE_SHARED: {
    severity: 'medium',
    title: 'Role shared by several service accounts without scoping',
  },
  POLICY_WILDCARD_RESOURCE_WRITE: {
    severity: 'medium',
    title: 'Write or permissions-management actions on every resource',
  },
  QUOTA_NEAR_LIMIT: {
    severity: 'medium',
    title: 'Cluster is near the Pod Identity association quota',
  },
  IRSA_LEFTOVER: {
    severity: 'low',
    title: 'Service account still carries an IRSA role annotation',
  },
  TRUST_UNSCOPED: {
    severity: 'low',
    title:
      'Role trust policy is not scoped to a cluster, namespace or service account',
  },
  NO_PERMISSIONS_BOUNDARY: {
    severity: 'low',
    title: 'Role has no permissions boundary',
  },
  UNOWNED_ASSOCIATION: {
    severity: 'low',
    title: 'No catalog entity owns this association',
  },
  IRSA_ONLY: {
    severity: 'info',
    title: 'Service account uses IRSA: candidate for migration to Pod Identity',
  },
  ROLE_UNUSED: {
    severity: 'info',
    title: 'Role not used in the last 90 days',
  },
  // Severity by the share of granted services unused: low below half, medium from half on.
  PERMISSIONS_UNUSED: {
    severity: 'low',
    title: 'Role is granted services or actions it has not used',
  },
  ADDON_OWNED: {
    severity: 'info',
    title: 'Association is managed by an EKS add-on',
  },
  MAPPING_CONTESTED: {
    severity: 'medium',
    title:
      'Entity claims a service account that another entity has proven its own',
  },
};

/** Every finding code, in catalogue order (for validating query parameters). */
export const FINDING_CODES = Object.keys(FINDING_CATALOGUE) as FindingCode[];

export function isFindingCode(value: string): value is FindingCode {
  return Object.prototype.hasOwnProperty.call(FINDING_CATALOGUE, value);
}

export function isFindingSeverity(value: string): value is FindingSeverity {
  return (SEVERITY_ORDER as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------
// Catalog entities (written by the catalog module, read by anyone filtering the catalog)

/** `spec.type` of the Resource entity of an IAM role used by an association. */
export const IAM_ROLE_RESOURCE_TYPE = 'aws-iam-role';
/** `spec.type` of the Resource entity of an EKS cluster. */
export const CLUSTER_RESOURCE_TYPE = 'kubernetes-cluster';

/** ARN of the IAM role a Resource entity stands for. */
export const ANNOTATION_ROLE_ARN = 'eks-pod-identity/role-arn';
/** ARN of the EKS cluster a Resource entity stands for; how existing cluster entities are recognised. */
export const ANNOTATION_CLUSTER_ARN = 'eks-pod-identity/cluster-arn';
/** 12-digit AWS account id of the role or cluster. */
export const ANNOTATION_ACCOUNT_ID = 'eks-pod-identity/account-id';
/** AWS region of the cluster. */
export const ANNOTATION_REGION = 'eks-pod-identity/region';

/**
 * Cluster ARN annotations other catalog providers write (Backstage's AWS
 * module, Roadie's AWS module): a cluster entity carrying one of them is the
 * cluster, so no second entity is made for it.
 */
export const FOREIGN_CLUSTER_ARN_ANNOTATIONS = [
  'amazonaws.com/arn',
  'amazon.com/eks-cluster-arn',
] as const;

/**
 * Label with the worst finding severity of a role or cluster entity, or
 * `none`, so the catalog can be filtered by it.
 */
export const LABEL_WORST_SEVERITY = 'eks-pod-identity/worst-severity';

/** Path of the frontend plugin's entity tab, under the entity page. */
export const ENTITY_ACCESS_TAB_PATH = 'aws-access';

/**
 * The software template that narrows a role's inline policies to what it
 * used (PERMISSIONS_UNUSED links to it with `roleArn` in its form data).
 */
export const EKS_POD_IDENTITY_RIGHT_SIZE_TEMPLATE = {
  namespace: 'default',
  templateName: 'eks-pod-identity-right-size',
} as const;
