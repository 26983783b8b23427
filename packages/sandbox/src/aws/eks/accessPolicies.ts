/**
 * The EKS access policies the sandbox knows, with the Kubernetes rules the
 * EKS user guide lists for each ("Review access policy permissions"). Like
 * the API server's RBAC, they only allow.
 */
import type { PolicyRule } from '../../kubernetes/authorize';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

const rule = (
  apiGroups: string[],
  resources: string[],
  verbs: string[],
): PolicyRule => ({ apiGroups, resources, verbs });

const VIEW_RULES: PolicyRule[] = [
  rule(
    ['apps'],
    [
      'controllerrevisions',
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'statefulsets',
      'statefulsets/scale',
      'statefulsets/status',
    ],
    READ,
  ),
  rule(
    ['autoscaling'],
    ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'],
    READ,
  ),
  rule(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], READ),
  rule(['discovery.k8s.io'], ['endpointslices'], READ),
  rule(
    ['extensions'],
    [
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'ingresses',
      'ingresses/status',
      'networkpolicies',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'replicationcontrollers/scale',
    ],
    READ,
  ),
  rule(
    ['networking.k8s.io'],
    ['ingresses', 'ingresses/status', 'networkpolicies'],
    READ,
  ),
  rule(
    ['policy'],
    ['poddisruptionbudgets', 'poddisruptionbudgets/status'],
    READ,
  ),
  rule(
    [''],
    [
      'configmaps',
      'endpoints',
      'persistentvolumeclaims',
      'persistentvolumeclaims/status',
      'pods',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'serviceaccounts',
      'services',
      'services/status',
      'bindings',
      'events',
      'limitranges',
      'namespaces/status',
      'pods/log',
      'pods/status',
      'replicationcontrollers/status',
      'resourcequotas',
      'resourcequotas/status',
      'namespaces',
    ],
    READ,
  ),
];

/** What Edit adds to View. */
const EDIT_RULES: PolicyRule[] = [
  ...VIEW_RULES,
  rule(
    ['apps'],
    [
      'daemonsets',
      'deployments',
      'deployments/rollback',
      'deployments/scale',
      'replicasets',
      'replicasets/scale',
      'statefulsets',
      'statefulsets/scale',
    ],
    WRITE,
  ),
  rule(['autoscaling'], ['horizontalpodautoscalers'], WRITE),
  rule(['batch'], ['cronjobs', 'jobs'], WRITE),
  rule(
    ['extensions'],
    [
      'daemonsets',
      'deployments',
      'deployments/rollback',
      'deployments/scale',
      'ingresses',
      'networkpolicies',
      'replicasets',
      'replicasets/scale',
      'replicationcontrollers/scale',
    ],
    WRITE,
  ),
  rule(['networking.k8s.io'], ['ingresses', 'networkpolicies'], WRITE),
  rule(['policy'], ['poddisruptionbudgets'], WRITE),
  rule(
    [''],
    [
      'pods/attach',
      'pods/exec',
      'pods/portforward',
      'pods/proxy',
      'secrets',
      'services/proxy',
    ],
    READ,
  ),
  rule([''], ['serviceaccounts'], ['impersonate']),
  rule(
    [''],
    [
      'pods',
      'pods/attach',
      'pods/exec',
      'pods/portforward',
      'pods/proxy',
      'configmaps',
      'events',
      'persistentvolumeclaims',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'secrets',
      'serviceaccounts',
      'services',
      'services/proxy',
    ],
    WRITE,
  ),
];

/** What Admin adds to Edit: roles and bindings inside the namespaces it is scoped to. */
const ADMIN_RULES: PolicyRule[] = [
  ...EDIT_RULES,
  rule(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']),
  rule(
    ['rbac.authorization.k8s.io'],
    ['rolebindings', 'roles'],
    [...READ, ...WRITE],
  ),
];

export const ACCESS_POLICY_ARN_PREFIX =
  'arn:aws:eks::aws:cluster-access-policy/';

export const ACCESS_POLICIES: Record<string, PolicyRule[]> = {
  AmazonEKSClusterAdminPolicy: [
    rule(['*'], ['*'], ['*']),
    { nonResourceURLs: ['*'], verbs: ['*'] },
  ],
  AmazonEKSAdminPolicy: ADMIN_RULES,
  AmazonEKSEditPolicy: EDIT_RULES,
  AmazonEKSViewPolicy: VIEW_RULES,
  AmazonEKSAdminViewPolicy: [rule(['*'], ['*'], READ)],
  AmazonEKSSecretReaderPolicy: [rule([''], ['secrets'], READ)],
};

export const CLUSTER_ADMIN_POLICY_ARN = `${ACCESS_POLICY_ARN_PREFIX}AmazonEKSClusterAdminPolicy`;

/** The rules of an access policy ARN; undefined for one the sandbox does not know. */
export function accessPolicyRules(policyArn: string): PolicyRule[] | undefined {
  if (!policyArn.startsWith(ACCESS_POLICY_ARN_PREFIX)) return undefined;
  return ACCESS_POLICIES[policyArn.slice(ACCESS_POLICY_ARN_PREFIX.length)];
}
