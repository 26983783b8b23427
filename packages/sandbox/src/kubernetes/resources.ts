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
};

const ALL: Verb[] = ['create', 'get', 'list', 'patch', 'delete'];
const NO_PATCH: Verb[] = ['create', 'get', 'list', 'delete'];

export const RESOURCES: ResourceType[] = [
  {
    group: '',
    version: 'v1',
    plural: 'namespaces',
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
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    verbs: NO_PATCH,
    nameFormat: 'subdomain',
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
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
    singular: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    verbs: NO_PATCH,
    nameFormat: 'subdomain',
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'daemonsets',
    singular: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    verbs: NO_PATCH,
    nameFormat: 'subdomain',
  },
  {
    group: 'batch',
    version: 'v1',
    plural: 'jobs',
    singular: 'job',
    kind: 'Job',
    namespaced: true,
    verbs: NO_PATCH,
    nameFormat: 'subdomain',
  },
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
