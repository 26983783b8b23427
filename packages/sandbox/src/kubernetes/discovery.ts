/** `/version`, `/api`, `/apis` and the resource lists: enough discovery for clients that look first. */
import { openApiDocument, openApiRoot } from './openapi';
import { apiVersionOf, RESOURCES } from './resources';

/** What `kubectl get all` lists, as the API server's categories say. */
const ALL_CATEGORY = [
  'pods',
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'jobs',
];
import { Route } from './router';

export function versionInfo(minorVersion: string) {
  const [major, minor] = minorVersion.split('.');
  return {
    major,
    minor,
    gitVersion: `v${major}.${minor}.0-eks-sandbox`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'go1.22.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupVersions() {
  const byGroup = new Map<string, string>();
  for (const r of RESOURCES) if (r.group) byGroup.set(r.group, r.version);
  return [...byGroup.entries()].map(([name, version]) => {
    const groupVersion = { groupVersion: `${name}/${version}`, version };
    return { name, versions: [groupVersion], preferredVersion: groupVersion };
  });
}

export function apiGroupList() {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groupVersions() };
}

export function apiGroup(name: string) {
  const group = groupVersions().find(g => g.name === name);
  return group && { kind: 'APIGroup', apiVersion: 'v1', ...group };
}

export function apiResourceList(group: string, version: string) {
  const resources = RESOURCES.filter(
    r => r.group === group && r.version === version,
  );
  if (!resources.length) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(resources[0]),
    resources: resources.map(r => ({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(ALL_CATEGORY.includes(r.plural) ? { categories: ['all'] } : {}),
    })),
  };
}

/** The discovery document a route asks for; undefined when there is none. */
export function discover(
  route: Route,
  kubernetesVersion: string,
  serverAddress: string,
): object | undefined {
  switch (route.kind) {
    case 'version':
      return versionInfo(kubernetesVersion);
    case 'apiVersions':
      return apiVersions(serverAddress);
    case 'apiGroupList':
      return apiGroupList();
    case 'apiGroup':
      return apiGroup(route.group);
    case 'apiResourceList':
      return apiResourceList(route.group, route.version);
    case 'openApiRoot':
      return openApiRoot();
    case 'openApiDocument':
      return openApiDocument(route.path);
    default:
      return undefined;
  }
}
