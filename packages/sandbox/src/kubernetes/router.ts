/** Maps a path below a cluster's prefix to discovery or to a resource request. */
import { findResource, RESOURCES } from './resources';
import { ResourceRequest } from './handlers';

export type Route =
  | { kind: 'version' }
  | { kind: 'apiVersions' }
  | { kind: 'apiGroupList' }
  | { kind: 'apiGroup'; group: string }
  | { kind: 'apiResourceList'; group: string; version: string }
  | { kind: 'openApiRoot' }
  | { kind: 'openApiDocument'; path: string }
  | { kind: 'resource'; request: ResourceRequest }
  | { kind: 'unknown' };

function resourceRoute(group: string, version: string, rest: string[]): Route {
  const unknown: Route = { kind: 'unknown' };
  // namespaces/<ns>/<plural>[/<name>] is a namespaced resource; namespaces[/<name>] is the Namespace resource.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const type = findResource(group, version, rest[2]);
    if (!type?.namespaced || rest.length > 4) return unknown;
    return {
      kind: 'resource',
      request: { type, namespace: rest[1], name: rest[3] },
    };
  }
  const type = findResource(group, version, rest[0]);
  if (!type || rest.length > 2 || (type.namespaced && rest.length === 2))
    return unknown;
  return { kind: 'resource', request: { type, name: rest[1] } };
}

export function route(path: string): Route {
  let segments: string[];
  try {
    segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return { kind: 'unknown' };
  }
  const [root, ...rest] = segments;
  if (root === 'version' && rest.length === 0) return { kind: 'version' };
  if (root === 'openapi' && rest[0] === 'v3') {
    return rest.length === 1
      ? { kind: 'openApiRoot' }
      : { kind: 'openApiDocument', path: rest.slice(1).join('/') };
  }
  if (root === 'api') {
    if (rest.length === 0) return { kind: 'apiVersions' };
    if (rest[0] !== 'v1') return { kind: 'unknown' };
    return rest.length === 1
      ? { kind: 'apiResourceList', group: '', version: 'v1' }
      : resourceRoute('', 'v1', rest.slice(1));
  }
  if (root === 'apis') {
    if (rest.length === 0) return { kind: 'apiGroupList' };
    const [group, version, ...more] = rest;
    if (!RESOURCES.some(r => r.group === group)) return { kind: 'unknown' };
    if (!version) return { kind: 'apiGroup', group };
    return more.length === 0
      ? { kind: 'apiResourceList', group, version }
      : resourceRoute(group, version, more);
  }
  return { kind: 'unknown' };
}
