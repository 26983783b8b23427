import type { RequestContext } from '../context';
import { AwsError } from '../errors';
import { iamUniqueId } from '../ids';
import { byKey, decodePageToken, pageAfter } from '../paging';
import { QueryParams, validationError } from '../query/params';
import type { XmlValue } from '../query/xml';
import { roleArn, RoleState } from '../../state/model';
import { renderRole } from './render';
import { resolveTrustPrincipals, storedTrustPolicy } from './trustPrincipals';
import {
  checkTagKey,
  checkTagQuota,
  IAM_QUOTAS,
  noSuchPolicy,
  noSuchRole,
  readDocument,
  readMarker,
  readMaxItems,
  readPath,
  readPathPrefix,
  readRoleName,
  readTags,
} from './validate';

export function findRole(ctx: RequestContext, name: string): RoleState {
  const role = ctx.caller.account.roles.get(name.toLowerCase());
  if (!role) throw noSuchRole(name);
  return role;
}

function readBoundary(
  ctx: RequestContext,
  params: QueryParams,
): string | undefined {
  const arn = params.optional('PermissionsBoundary');
  if (arn === undefined) return undefined;
  if (!ctx.state.findPolicy(ctx.caller.account, arn)) {
    throw new AwsError(
      'NoSuchEntity',
      404,
      `Scope ARN: ${arn} does not exist or is not attachable.`,
    );
  }
  return arn;
}

function readTrustPolicy(params: QueryParams, field: string): string {
  return readDocument(
    params,
    field,
    'trust',
    IAM_QUOTAS.trustPolicySize,
    'ACLSizePerRole',
  );
}

export function createRole(params: QueryParams, ctx: RequestContext): XmlValue {
  const name = readRoleName(params);
  const path = readPath(params);
  const trustPolicy = readTrustPolicy(params, 'AssumeRolePolicyDocument');
  const trustPrincipalIds = resolveTrustPrincipals(ctx.state, trustPolicy);
  const maxSessionDuration =
    params.integer('MaxSessionDuration', 3600, 43200) ?? 3600;
  const description = params.optional('Description');
  if (description !== undefined && description.length > 1000) {
    throw validationError(
      'Description',
      description,
      'Member must have length less than or equal to 1000',
    );
  }
  const tags = readTags(params);
  checkTagQuota(tags.size);
  const boundaryArn = readBoundary(ctx, params);
  const { account } = ctx.caller;
  if (account.roles.has(name.toLowerCase())) {
    throw new AwsError(
      'EntityAlreadyExists',
      409,
      `Role with name ${name} already exists.`,
    );
  }
  const role: RoleState = {
    name,
    path,
    id: iamUniqueId('AROA'),
    arn: roleArn(account.id, path, name),
    createDate: new Date(),
    description,
    maxSessionDuration,
    trustPolicy,
    trustPrincipalIds,
    usableFrom: Date.now() + ctx.state.enforcement.consistencyDelayMs,
    permissionsBoundaryArn: boundaryArn,
    tags,
    attachedPolicyArns: [],
    inlinePolicies: new Map(),
    lastAccessed: new Map(),
  };
  account.roles.set(name.toLowerCase(), role);
  ctx.mutated({ target: role.arn });
  return { Role: renderRole(role, true) };
}

export function getRole(params: QueryParams, ctx: RequestContext): XmlValue {
  const role = findRole(ctx, readRoleName(params));
  return { Role: renderRole(role, true, storedTrustPolicy(ctx.state, role)) };
}

export function listRoles(params: QueryParams, ctx: RequestContext): XmlValue {
  const prefix = readPathPrefix(params);
  const maxItems = readMaxItems(params);
  const after = readMarker(params, decodePageToken);
  const key = (role: RoleState) => role.name.toLowerCase();
  const roles = [...ctx.caller.account.roles.values()]
    .filter(role => role.path.startsWith(prefix))
    .sort(byKey(key));
  const page = pageAfter(roles, key, after, maxItems);
  return {
    Roles: page.items.map(role =>
      renderRole(role, false, storedTrustPolicy(ctx.state, role)),
    ),
    IsTruncated: page.nextToken !== undefined,
    Marker: page.nextToken,
  };
}

export function deleteRole(params: QueryParams, ctx: RequestContext): XmlValue {
  const role = findRole(ctx, readRoleName(params));
  if (role.attachedPolicyArns.length > 0) {
    throw new AwsError(
      'DeleteConflict',
      409,
      'Cannot delete entity, must detach all policies first.',
    );
  }
  if (role.inlinePolicies.size > 0) {
    throw new AwsError(
      'DeleteConflict',
      409,
      'Cannot delete entity, must delete policies first.',
    );
  }
  ctx.caller.account.roles.delete(role.name.toLowerCase());
  ctx.mutated({ target: role.arn });
  return undefined;
}

export function updateAssumeRolePolicy(
  params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  const role = findRole(ctx, readRoleName(params));
  const trustPolicy = readTrustPolicy(params, 'PolicyDocument');
  role.trustPrincipalIds = resolveTrustPrincipals(ctx.state, trustPolicy);
  role.trustPolicy = trustPolicy;
  ctx.mutated({ target: role.arn });
  return undefined;
}

export function tagRole(params: QueryParams, ctx: RequestContext): XmlValue {
  const role = findRole(ctx, readRoleName(params));
  const tags = readTags(params);
  if (tags.size === 0) {
    throw validationError(
      'Tags',
      '[]',
      'Member must have length greater than or equal to 1',
    );
  }
  const merged = new Map([...role.tags, ...tags]);
  checkTagQuota(merged.size);
  role.tags = merged;
  ctx.mutated({ target: role.arn });
  return undefined;
}

export function untagRole(params: QueryParams, ctx: RequestContext): XmlValue {
  const role = findRole(ctx, readRoleName(params));
  const keys = params.list('TagKeys');
  if (keys.length === 0) {
    throw validationError('TagKeys', 'null', 'Member must not be null');
  }
  keys.forEach(checkTagKey);
  for (const key of keys) role.tags.delete(key);
  ctx.mutated({ target: role.arn });
  return undefined;
}

export function putRolePermissionsBoundary(
  params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  const role = findRole(ctx, readRoleName(params));
  const arn = params.required('PermissionsBoundary');
  if (!ctx.state.findPolicy(ctx.caller.account, arn)) throw noSuchPolicy(arn);
  role.permissionsBoundaryArn = arn;
  ctx.mutated({ target: role.arn });
  return undefined;
}

export function deleteRolePermissionsBoundary(
  params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  const role = findRole(ctx, readRoleName(params));
  if (!role.permissionsBoundaryArn) {
    throw new AwsError(
      'NoSuchEntity',
      404,
      `The role with name ${role.name} does not have a permissions boundary.`,
    );
  }
  role.permissionsBoundaryArn = undefined;
  ctx.mutated({ target: role.arn });
  return undefined;
}
