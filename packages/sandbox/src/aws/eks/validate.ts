import { AwsError } from '../errors';
import { decodePageToken } from '../paging';
import type { EksContext, EksRequest } from './service';
import type { ClusterState } from '../../state/model';

export function invalidParameter(
  message: string,
  fields: Record<string, string | undefined> = {},
): AwsError {
  return new AwsError('InvalidParameterException', 400, message, fields);
}

export function findCluster(ctx: EksContext, name: string): ClusterState {
  const cluster = ctx.caller.account.clusters.get(`${ctx.region}/${name}`);
  if (!cluster) {
    throw new AwsError(
      'ResourceNotFoundException',
      404,
      `No cluster found for name: ${name}.`,
      {
        clusterName: name,
      },
    );
  }
  return cluster;
}

export function readMaxResults(request: EksRequest): number {
  const raw = request.query.get('maxResults');
  if (raw === null) return 100;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100) {
    throw invalidParameter(`maxResults must be between 1 and 100, got ${raw}`);
  }
  return value;
}

export function readNextToken(request: EksRequest): string | undefined {
  const token = request.query.get('nextToken');
  if (token === null) return undefined;
  const after = decodePageToken(token);
  if (after === undefined) {
    throw invalidParameter(
      'The nextToken is invalid: pass the nextToken of a previous response of this operation.',
    );
  }
  return after;
}

export function optionalString(
  body: Record<string, unknown>,
  field: string,
): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw invalidParameter(`${field} must be a string`);
  return value;
}

export function requiredString(
  body: Record<string, unknown>,
  field: string,
): string {
  const value = optionalString(body, field);
  if (value === undefined || value === '')
    throw invalidParameter(`${field} is required`);
  return value;
}

export function optionalBoolean(
  body: Record<string, unknown>,
  field: string,
): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw invalidParameter(`${field} must be a boolean`);
  return value;
}

/** EKS tag rules: at most 50, keys 1–128 characters without the reserved `aws:` prefix, values up to 256. */
export function tagProblem(tags: Map<string, string>): string | undefined {
  if (tags.size > 50) return 'A resource can have at most 50 tags';
  for (const [key, value] of tags) {
    if (key.length < 1 || key.length > 128)
      return `Tag key '${key}' must be 1 to 128 characters`;
    if (key.toLowerCase().startsWith('aws:'))
      return `Tag key '${key}' uses the reserved prefix aws:`;
    if (value.length > 256)
      return `The value of tag '${key}' must be at most 256 characters`;
  }
  return undefined;
}

export function readTags(
  body: Record<string, unknown>,
  onProblem: (message: string) => AwsError,
): Map<string, string> {
  const raw = body.tags;
  if (raw === undefined || raw === null) return new Map();
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw onProblem('tags must be a map of strings');
  const tags = new Map<string, string>();
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value !== 'string')
      throw onProblem(`The value of tag '${key}' must be a string`);
    tags.set(key, value);
  }
  const problem = tagProblem(tags);
  if (problem) throw onProblem(problem);
  return tags;
}
