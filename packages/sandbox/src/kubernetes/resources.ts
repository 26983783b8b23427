/** The Kubernetes resources the sandbox serves, and what may be done with each. */

export type Verb = 'create' | 'get' | 'list' | 'patch' | 'delete';

export type ResourceType = {
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: Verb[];
  /** Namespaces are DNS-1123 labels; everything else here is a DNS-1123 subdomain. */
  nameFormat: 'label' | 'subdomain';
  /** Fields a `fieldSelector` may use beside metadata.name / metadata.namespace. */
  selectableFields?: string[];
  /** What discovery offers kubectl for the type: `kubectl get sa`. */
  shortNames?: string[];
};

const ALL: Verb[] = ['create', 'get', 'list', 'patch', 'delete'];
const NO_PATCH: Verb[] = ['create', 'get', 'list', 'delete'];

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** RBAC objects, which the API server's authorizer reads (see authorize.ts). */
function rbacType(
  plural: string,
  kind: string,
  namespaced: boolean,
): ResourceType {
  return {
    group: RBAC_GROUP,
    version: 'v1',
    plural,
    singular: plural.slice(0, -1),
    kind,
    namespaced,
    verbs: ALL,
    nameFormat: 'subdomain',
  };
}

export const RESOURCES: ResourceType[] = [
  {
    group: '',
    version: 'v1',
    plural: 'namespaces',
    shortNames: ['ns'],
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    verbs: ALL,
    nameFormat: 'label',
    selectableFields: ['status.phase'],
  },
  {
    group: '',
    version: 'v1',
    plural: 'nodes',
    shortNames: ['no'],
    singular: 'node',
    kind: 'Node',
    namespaced: false,
    verbs: ['get', 'list'],
    nameFormat: 'subdomain',
  },
  {
    group: '',
    version: 'v1',
    plural: 'serviceaccounts',
    shortNames: ['sa'],
    singular: 'serviceaccount',
    kind: 'ServiceAccount',
    namespaced: true,
    verbs: ALL,
    nameFormat: 'subdomain',
  },
  {
    group: '',
    version: 'v1',
    plural: 'pods',
    shortNames: ['po'],
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    verbs: NO_PATCH,
    nameFormat: 'subdomain',
    selectableFields: [
      'spec.nodeName',
      'spec.serviceAccountName',
      'status.phase',
    ],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    shortNames: ['deploy'],
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    verbs: ALL,
    nameFormat: 'subdomain',
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    shortNames: ['rs'],
    singular: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    verbs: ['get', 'list'],
    nameFormat: 'subdomain',
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    shortNames: ['sts'],
    singular: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    verbs: ALL,
    nameFormat: 'subdomain',
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'daemonsets',
    shortNames: ['ds'],
    singular: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    verbs: ALL,
    nameFormat: 'subdomain',
  },
  {
    group: 'batch',
    version: 'v1',
    plural: 'jobs',
    singular: 'job',
    kind: 'Job',
    namespaced: true,
    verbs: ALL,
    nameFormat: 'subdomain',
  },
  rbacType('clusterroles', 'ClusterRole', false),
  rbacType('clusterrolebindings', 'ClusterRoleBinding', false),
  rbacType('roles', 'Role', true),
  rbacType('rolebindings', 'RoleBinding', true),
];

export function apiVersionOf(type: ResourceType) {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

export function findResource(group: string, version: string, plural: string) {
  return RESOURCES.find(
    r => r.group === group && r.version === version && r.plural === plural,
  );
}

export function resourceByPlural(plural: string): ResourceType {
  const type = RESOURCES.find(r => r.plural === plural);
  if (!type) {
    throw new Error(
      `Unknown Kubernetes resource '${plural}'; the sandbox serves ${RESOURCES.map(
        r => r.plural,
      ).join(', ')}`,
    );
  }
  return type;
}

export function resourceByKind(kind: string): ResourceType {
  const type = RESOURCES.find(r => r.kind === kind);
  if (!type) {
    throw new Error(`Unknown Kubernetes kind '${kind}'`);
  }
  return type;
}
