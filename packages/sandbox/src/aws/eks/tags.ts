import { AwsError } from '../errors';
import type { EksContext, EksRequest } from './service';
import { readTags, tagProblem } from './validate';

const badRequest = (message: string) =>
  new AwsError('BadRequestException', 400, message);

/** The tags of a cluster or association ARN in the caller's account and region. */
function taggable(
  ctx: EksContext,
  arn: string,
): { tags: Map<string, string>; cluster: string } {
  const m =
    /^arn:aws:eks:([a-z0-9-]+):(\d{12}):(cluster|podidentityassociation)\/([^/]+)(?:\/(a-[a-z0-9]+))?$/.exec(
      arn,
    );
  if (!m) throw badRequest(`${arn} is not a taggable EKS resource ARN`);
  const [, region, accountId, type, clusterName, id] = m;
  const notFound = () =>
    new AwsError('NotFoundException', 404, `Resource not found: ${arn}`);
  if (accountId !== ctx.caller.account.id || region !== ctx.region)
    throw notFound();
  const cluster = ctx.caller.account.clusters.get(`${region}/${clusterName}`);
  if (!cluster) throw notFound();
  if (type === 'cluster') {
    if (id !== undefined) throw notFound();
    return { tags: cluster.tags, cluster: cluster.name };
  }
  const association =
    id === undefined ? undefined : cluster.associations.get(id);
  if (!association) throw notFound();
  return { tags: association.tags, cluster: cluster.name };
}

export function tagResource(request: EksRequest, ctx: EksContext) {
  const arn = request.labels.resourceArn;
  const target = taggable(ctx, arn);
  const added = readTags(request.body, badRequest);
  if (added.size === 0) throw badRequest('tags must contain at least one tag');
  const merged = new Map([...target.tags, ...added]);
  const problem = tagProblem(merged);
  if (problem) throw badRequest(problem);
  for (const [key, value] of added) target.tags.set(key, value);
  ctx.mutated({ target: arn, cluster: target.cluster });
  return {};
}

export function untagResource(request: EksRequest, ctx: EksContext) {
  const arn = request.labels.resourceArn;
  const target = taggable(ctx, arn);
  const keys = request.query.getAll('tagKeys');
  if (keys.length === 0)
    throw badRequest('tagKeys must name at least one tag key');
  for (const key of keys) target.tags.delete(key);
  ctx.mutated({ target: arn, cluster: target.cluster });
  return {};
}

export function listTagsForResource(request: EksRequest, ctx: EksContext) {
  return {
    tags: Object.fromEntries(taggable(ctx, request.labels.resourceArn).tags),
  };
}
