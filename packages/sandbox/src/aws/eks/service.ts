import type { RequestContext } from '../context';
import type { ClusterState } from '../../state/model';

/** A REST-JSON request after routing: path labels decoded, query and JSON body as sent. */
export type EksRequest = {
  labels: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
};

export type EksContext = RequestContext & {
  /** The Kubernetes API of a cluster, as DescribeCluster reports it. */
  kubernetes: {
    urlOf(cluster: ClusterState): string;
    caPem: string;
    /** How long a new add-on stays CREATING (default 2 s). */
    addonCreateDelayMs?: number;
    /** Puts an add-on's Kubernetes objects into the cluster, or takes them out. */
    setAddonObjects?(
      cluster: ClusterState,
      addonName: string,
      present: boolean,
    ): void;
  };
};

export type EksHandler = (request: EksRequest, ctx: EksContext) => unknown;

export type EksRoute = {
  operation: string;
  method: string;
  /** `/clusters/{clusterName}/addons`: `{label}` matches one path segment. */
  path: string;
  handler: EksHandler;
};

/** Finds the route of a request; labels are the decoded path segments. */
export function matchRoute(
  routes: EksRoute[],
  method: string,
  rawPath: string,
): { route: EksRoute; labels: Record<string, string> } | undefined {
  const segments = rawPath.split('/').filter(Boolean);
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const labels: Record<string, string> = {};
    const matched = pattern.every((part, i) => {
      const label = /^\{(\w+)\}$/.exec(part);
      if (label) {
        labels[label[1]] = decodeURIComponent(segments[i]);
        return true;
      }
      return part === segments[i];
    });
    if (matched) return { route, labels };
  }
  return undefined;
}
