import { AwsError } from '../errors';
import {
  policyDocumentProblem,
  policySize,
  PolicyKind,
} from '../policyDocument';
import { QueryParams, requirePattern, validationError } from '../query/params';

/** IAM's input rules and quotas (defaults of a fresh account). */
export const IAM_QUOTAS = {
  managedPoliciesPerRole: 10,
  tagsPerResource: 50,
  trustPolicySize: 2048,
  managedPolicySize: 6144,
  inlinePolicySizePerRole: 10240,
};

const NAME_PATTERN = /^[\w+=,.@-]+$/;

export function readRoleName(params: QueryParams, field = 'RoleName'): string {
  const name = params.required(field);
  requirePattern(field, name, NAME_PATTERN, '[\\w+=,.@-]+', 64);
  return name;
}

export function readPolicyName(
  params: QueryParams,
  field = 'PolicyName',
): string {
  const name = params.required(field);
  requirePattern(field, name, NAME_PATTERN, '[\\w+=,.@-]+', 128);
  return name;
}

/** Paths start and end with `/` (`/`, `/team/`, `/a/b/`). */
export function readPath(params: QueryParams, field = 'Path'): string {
  const path = params.optional(field) ?? '/';
  if (path.length > 512) {
    throw validationError(
      field,
      path,
      'Member must have length less than or equal to 512',
    );
  }
  if (!/^(\/|\/[\u0021-\u007F]+\/)$/.test(path)) {
    throw validationError(
      field,
      path,
      'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007F]+\\u002F)',
    );
  }
  return path;
}

export function readPathPrefix(params: QueryParams): string {
  const prefix = params.optional('PathPrefix') ?? '/';
  if (!prefix.startsWith('/')) {
    throw validationError(
      'PathPrefix',
      prefix,
      'Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*',
    );
  }
  return prefix;
}

export function readDocument(
  params: QueryParams,
  field: string,
  kind: PolicyKind,
  maxSize: number,
  quotaName: string,
): string {
  const text = params.required(field);
  const problem = policyDocumentProblem(text, kind);
  if (problem) {
    throw new AwsError('MalformedPolicyDocument', 400, problem);
  }
  if (policySize(text) > maxSize) {
    throw new AwsError(
      'LimitExceeded',
      409,
      `Cannot exceed quota for ${quotaName}: ${maxSize}`,
    );
  }
  return text;
}

export function readTags(
  params: QueryParams,
  field = 'Tags',
): Map<string, string> {
  const tags = new Map<string, string>();
  for (const tag of params.structList(field)) {
    const key = tag.Key;
    const value = tag.Value ?? '';
    if (key === undefined) {
      throw validationError(
        `${field}.member.Key`,
        'null',
        'Member must not be null',
      );
    }
    checkTagKey(key);
    if (value.length > 256) {
      throw validationError(
        'tags.value',
        value,
        'Member must have length less than or equal to 256',
      );
    }
    tags.set(key, value);
  }
  return tags;
}

export function checkTagKey(key: string): void {
  if (
    key.length < 1 ||
    key.length > 128 ||
    !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u.test(key)
  ) {
    throw validationError(
      'tags.key',
      key,
      'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
    );
  }
  if (key.toLowerCase().startsWith('aws:')) {
    throw new AwsError(
      'InvalidInput',
      400,
      `Tag keys starting with 'aws:' are reserved for AWS use: ${key}`,
    );
  }
}

export function checkTagQuota(count: number): void {
  if (count > IAM_QUOTAS.tagsPerResource) {
    throw new AwsError(
      'LimitExceeded',
      409,
      `Cannot exceed quota for TagsPerResource: ${IAM_QUOTAS.tagsPerResource}`,
    );
  }
}

export function readMaxItems(params: QueryParams): number {
  return params.integer('MaxItems', 1, 1000) ?? 100;
}

export function readMarker(
  params: QueryParams,
  decode: (marker: string) => string | undefined,
): string | undefined {
  const marker = params.optional('Marker');
  if (marker === undefined) return undefined;
  const after = decode(marker);
  if (after === undefined) {
    throw new AwsError(
      'ValidationError',
      400,
      'Invalid Marker: it must be the Marker of a previous response of this operation',
    );
  }
  return after;
}

export function noSuchRole(name: string): AwsError {
  return new AwsError(
    'NoSuchEntity',
    404,
    `The role with name ${name} cannot be found.`,
  );
}

export function noSuchPolicy(arn: string): AwsError {
  return new AwsError(
    'NoSuchEntity',
    404,
    `Policy ${arn} does not exist or is not attachable.`,
  );
}
