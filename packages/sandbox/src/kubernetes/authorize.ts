/**
 * The API server's authorization of a request: the rules granted to the
 * caller from outside the cluster (EKS access policies, cluster or namespace
 * scope) and Kubernetes RBAC (ClusterRoles and Roles bound to the caller's
 * user name or groups). Rules only allow; nothing matched is forbidden.
 */
import { EmulatedCluster } from './cluster';
import { resourceByPlural } from './resources';
import { KubeStatusError } from './status';
import { KubeObject } from './types';

export type PolicyRule = {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs: string[];
  nonResourceURLs?: string[];
};

/** Rules granted outside RBAC, everywhere or only in some namespaces (`dev-*` matches by prefix, as EKS allows). */
export type RuleGrant = { rules: PolicyRule[]; namespaces?: string[] };

/** Who the authenticator says is calling. */
export type KubernetesUser = {
  username: string;
  /** Without `system:authenticated`, which every signed-in user has. */
  groups: string[];
  grants: RuleGrant[];
};

/** What a request asks to do, as the API server's request info names it. */
export type RequestAttributes =
  | {
      kind: 'resource';
      verb: string;
      apiGroup: string;
      resource: string;
      namespace?: string;
      name?: string;
    }
  | { kind: 'nonResource'; verb: string; path: string };

const CLUSTER_ROLES = resourceByPlural('clusterroles');
const CLUSTER_ROLE_BINDINGS = resourceByPlural('clusterrolebindings');
const ROLES = resourceByPlural('roles');
const ROLE_BINDINGS = resourceByPlural('rolebindings');

/** Paths Kubernetes' discovery roles (system:discovery, system:public-info-viewer) open to every signed-in user. */
const DISCOVERY_PATHS = [
  '/api',
  '/api/*',
  '/apis',
  '/apis/*',
  '/version',
  '/version/',
  '/openapi',
  '/openapi/*',
  '/healthz',
  '/livez',
  '/readyz',
];

const matches = (values: string[] | undefined, value: string) =>
  Boolean(values?.some(v => v === '*' || v === value));

function pathMatches(patterns: string[] | undefined, path: string) {
  return Boolean(
    patterns?.some(p =>
      p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : p === path,
    ),
  );
}

export function ruleAllows(rule: PolicyRule, request: RequestAttributes) {
  if (!matches(rule.verbs, request.verb)) return false;
  if (request.kind === 'nonResource')
    return pathMatches(rule.nonResourceURLs, request.path);
  if (!matches(rule.apiGroups, request.apiGroup)) return false;
  if (!matches(rule.resources, request.resource)) return false;
  if (!rule.resourceNames?.length) return true;
  return Boolean(request.name && rule.resourceNames.includes(request.name));
}

function namespaceMatches(patterns: string[], namespace: string) {
  return patterns.some(p =>
    p.endsWith('*') ? namespace.startsWith(p.slice(0, -1)) : p === namespace,
  );
}

function grantAllows(grant: RuleGrant, request: RequestAttributes) {
  if (grant.namespaces) {
    // A namespace-scoped grant covers requests inside those namespaces only.
    if (request.kind !== 'resource' || !request.namespace) return false;
    if (!namespaceMatches(grant.namespaces, request.namespace)) return false;
  }
  return grant.rules.some(rule => ruleAllows(rule, request));
}

type Subject = { kind?: string; name?: string; namespace?: string };

function boundTo(binding: KubeObject, user: KubernetesUser) {
  const groups = ['system:authenticated', ...user.groups];
  const subjects = (binding.subjects ?? []) as Subject[];
  return subjects.some(
    s =>
      (s.kind === 'User' && s.name === user.username) ||
      (s.kind === 'Group' && s.name !== undefined && groups.includes(s.name)),
  );
}

function rulesOf(role: KubeObject | undefined): PolicyRule[] {
  return role && Array.isArray(role.rules) ? (role.rules as PolicyRule[]) : [];
}

function rbacAllows(
  cluster: EmulatedCluster,
  user: KubernetesUser,
  request: RequestAttributes,
) {
  const { store } = cluster;
  const clusterRole = (name: string) =>
    store.get(CLUSTER_ROLES, undefined, name);
  for (const binding of store.list(CLUSTER_ROLE_BINDINGS)) {
    if (!boundTo(binding, user)) continue;
    const ref = binding.roleRef as { kind?: string; name?: string } | undefined;
    if (ref?.kind !== 'ClusterRole' || !ref.name) continue;
    if (rulesOf(clusterRole(ref.name)).some(r => ruleAllows(r, request)))
      return true;
  }
  if (request.kind !== 'resource' || !request.namespace) return false;
  for (const binding of store.list(ROLE_BINDINGS, request.namespace)) {
    if (!boundTo(binding, user)) continue;
    const ref = binding.roleRef as { kind?: string; name?: string } | undefined;
    if (!ref?.name) continue;
    const role =
      ref.kind === 'Role'
        ? store.get(ROLES, request.namespace, ref.name)
        : clusterRole(ref.name);
    if (rulesOf(role).some(r => ruleAllows(r, request))) return true;
  }
  return false;
}

export function isAllowed(
  cluster: EmulatedCluster,
  user: KubernetesUser,
  request: RequestAttributes,
): boolean {
  if (
    request.kind === 'nonResource' &&
    request.verb === 'get' &&
    pathMatches(DISCOVERY_PATHS, request.path)
  )
    return true;
  if (user.grants.some(g => grantAllows(g, request))) return true;
  return rbacAllows(cluster, user, request);
}

/** The API server's 403, worded as RBAC words it. */
export function forbiddenFor(
  user: KubernetesUser,
  request: RequestAttributes,
): KubeStatusError {
  if (request.kind === 'nonResource') {
    return new KubeStatusError(
      403,
      'Forbidden',
      `forbidden: User "${user.username}" cannot ${request.verb} path "${request.path}"`,
    );
  }
  const { verb, apiGroup, resource, namespace, name } = request;
  const where = namespace
    ? `in the namespace "${namespace}"`
    : 'at the cluster scope';
  const subject = name ? `${resource} "${name}"` : resource;
  return new KubeStatusError(
    403,
    'Forbidden',
    `${subject} is forbidden: User "${user.username}" cannot ${verb} resource "${resource}" in API group "${apiGroup}" ${where}`,
    {
      ...(name ? { name } : {}),
      ...(apiGroup ? { group: apiGroup } : {}),
      kind: resource,
    },
  );
}
