import { pageAfter } from '../paging';
import { renderCluster } from './render';
import type { EksContext, EksRequest } from './service';
import { findCluster, readMaxResults, readNextToken } from './validate';

export function listClusters(request: EksRequest, ctx: EksContext) {
  const maxResults = readMaxResults(request);
  const after = readNextToken(request);
  const names = [...ctx.caller.account.clusters.values()]
    .filter(cluster => cluster.region === ctx.region)
    .map(cluster => cluster.name)
    .sort();
  const page = pageAfter(names, name => name, after, maxResults);
  return { clusters: page.items, nextToken: page.nextToken };
}

export function describeCluster(request: EksRequest, ctx: EksContext) {
  return { cluster: renderCluster(findCluster(ctx, request.labels.name), ctx) };
}
