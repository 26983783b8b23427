import type { RequestContext } from '../context';
import { AwsError } from '../errors';
import { byKey, decodePageToken, pageAfter } from '../paging';
import type { QueryParams } from '../query/params';
import type { XmlValue } from '../query/xml';
import { policySize } from '../policyDocument';
import { encodeDocument } from './render';
import { findRole } from './roles';
import {
  IAM_QUOTAS,
  noSuchPolicy,
  readDocument,
  readMarker,
  readMaxItems,
  readPathPrefix,
  readPolicyName,
  readRoleName,
} from './validate';

export function attachRolePolicy(
  params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  const role = findRole(ctx, readRoleName(params));
  const arn = params.required('PolicyArn');
  if (!ctx.state.findPolicy(ctx.caller.account, arn)) throw noSuchPolicy(arn);
  if (!role.attachedPolicyArns.includes(arn)) {
    if (role.attachedPolicyArns.length >= IAM_QUOTAS.managedPoliciesPerRole) {
      throw new AwsError(
        'LimitExceeded',
        409,
        `Cannot exceed quota for PoliciesPerRole: ${IAM_QUOTAS.managedPoliciesPerRole}`,
      );
    }
    role.attachedPolicyArns.push(arn);
  }
  ctx.mutated({ target: role.arn, detail: arn });
  return undefined;
}

export function detachRolePolicy(
  params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  const role = findRole(ctx, readRoleName(params));
  const arn = params.required('PolicyArn');
  if (!role.attachedPolicyArns.includes(arn)) {
    throw new AwsError('NoSuchEntity', 404, `Policy ${arn} was not found.`);
  }
  role.attachedPolicyArns = role.attachedPolicyArns.filter(a => a !== arn);
  ctx.mutated({ target: role.arn, detail: arn });
  return undefined;
}

export function listAttachedRolePolicies(
  params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  const role = findRole(ctx, readRoleName(params));
  const prefix = readPathPrefix(params);
  const maxItems = readMaxItems(params);
  const after = readMarker(params, decodePageToken);
  const attached = role.attachedPolicyArns
    .map(arn => ctx.state.findPolicy(ctx.caller.account, arn))
    .filter(policy => policy && policy.path.startsWith(prefix))
    .map(policy => ({ PolicyName: policy!.name, PolicyArn: policy!.arn }));
  const key = (p: { PolicyArn: string }) => p.PolicyArn;
  const page = pageAfter(attached.sort(byKey(key)), key, after, maxItems);
  return {
    AttachedPolicies: page.items,
    IsTruncated: page.nextToken !== undefined,
    Marker: page.nextToken,
  };
}

export function putRolePolicy(
  params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  const role = findRole(ctx, readRoleName(params));
  const name = readPolicyName(params);
  const document = readDocument(
    params,
    'PolicyDocument',
    'identity',
    IAM_QUOTAS.inlinePolicySizePerRole,
    'RolePolicySize',
  );
  let total = policySize(document);
  for (const [other, text] of role.inlinePolicies) {
    if (other !== name) total += policySize(text);
  }
  if (total > IAM_QUOTAS.inlinePolicySizePerRole) {
    throw new AwsError(
      'LimitExceeded',
      409,
      `Maximum policy size of ${IAM_QUOTAS.inlinePolicySizePerRole} bytes exceeded for role ${role.name}`,
    );
  }
  role.inlinePolicies.set(name, document);
  ctx.mutated({ target: role.arn, detail: name });
  return undefined;
}

function findInline(params: QueryParams, ctx: RequestContext) {
  const role = findRole(ctx, readRoleName(params));
  const name = readPolicyName(params);
  const document = role.inlinePolicies.get(name);
  if (document === undefined) {
    throw new AwsError(
      'NoSuchEntity',
      404,
      `The role policy with name ${name} cannot be found.`,
    );
  }
  return { role, name, document };
}

export function getRolePolicy(
  params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  const { role, name, document } = findInline(params, ctx);
  return {
    RoleName: role.name,
    PolicyName: name,
    PolicyDocument: encodeDocument(document),
  };
}

export function deleteRolePolicy(
  params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  const { role, name } = findInline(params, ctx);
  role.inlinePolicies.delete(name);
  ctx.mutated({ target: role.arn, detail: name });
  return undefined;
}

export function listRolePolicies(
  params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  const role = findRole(ctx, readRoleName(params));
  const maxItems = readMaxItems(params);
  const after = readMarker(params, decodePageToken);
  const names = [...role.inlinePolicies.keys()].sort();
  const page = pageAfter(names, n => n, after, maxItems);
  return {
    PolicyNames: page.items,
    IsTruncated: page.nextToken !== undefined,
    Marker: page.nextToken,
  };
}
