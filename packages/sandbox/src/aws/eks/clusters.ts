import { AwsError } from '../errors';
import { pageAfter } from '../paging';
import { renderAddon, renderCluster } from './render';
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

export function listAddons(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  const maxResults = readMaxResults(request);
  const after = readNextToken(request);
  const names = [...cluster.addons.keys()].sort();
  const page = pageAfter(names, name => name, after, maxResults);
  return { addons: page.items, nextToken: page.nextToken };
}

export function describeAddon(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  const name = request.labels.addonName;
  const addon = cluster.addons.get(name);
  if (!addon) {
    throw new AwsError(
      'ResourceNotFoundException',
      404,
      `No addon: ${name} found in cluster: ${cluster.name}`,
      { clusterName: cluster.name, addonName: name },
    );
  }
  return { addon: renderAddon(cluster, addon) };
}
