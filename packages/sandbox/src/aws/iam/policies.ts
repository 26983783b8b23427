import type { RequestContext } from '../context';
import { AwsError } from '../errors';
import { iamUniqueId } from '../ids';
import { byKey, decodePageToken, pageAfter } from '../paging';
import { QueryParams, validationError } from '../query/params';
import type { XmlValue } from '../query/xml';
import { ManagedPolicyState, policyArn } from '../../state/model';
import {
  policyUsage,
  policyUsages,
  renderPolicy,
  renderPolicyVersion,
} from './render';
import {
  checkTagQuota,
  IAM_QUOTAS,
  readDocument,
  readMarker,
  readMaxItems,
  readPath,
  readPathPrefix,
  readPolicyName,
  readTags,
} from './validate';

function findPolicy(ctx: RequestContext, arn: string): ManagedPolicyState {
  const policy = ctx.state.findPolicy(ctx.caller.account, arn);
  if (!policy) {
    throw new AwsError('NoSuchEntity', 404, `Policy ${arn} was not found.`);
  }
  return policy;
}

function readPolicyArn(params: QueryParams): string {
  const arn = params.required('PolicyArn');
  if (!/^arn:aws:iam::(\d{12}|aws):policy\//.test(arn)) {
    throw new AwsError('InvalidInput', 400, `ARN ${arn} is not valid.`);
  }
  return arn;
}

export function createPolicy(
  params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  const name = readPolicyName(params);
  const path = readPath(params);
  const document = readDocument(
    params,
    'PolicyDocument',
    'identity',
    IAM_QUOTAS.managedPolicySize,
    'PolicySize',
  );
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
  const { account } = ctx.caller;
  const arn = policyArn(account.id, path, name);
  if ([...account.policies.values()].some(p => p.name === name)) {
    throw new AwsError(
      'EntityAlreadyExists',
      409,
      `A policy called ${name} already exists. Duplicate names are not allowed.`,
    );
  }
  const now = new Date();
  const policy: ManagedPolicyState = {
    name,
    path,
    arn,
    id: iamUniqueId('ANPA'),
    description,
    createDate: now,
    updateDate: now,
    defaultVersionId: 'v1',
    versions: [{ versionId: 'v1', document, createDate: now }],
    tags,
    awsManaged: false,
  };
  account.policies.set(arn, policy);
  ctx.mutated({ target: arn });
  return {
    Policy: renderPolicy(policy, { attachments: 0, boundaries: 0 }, true),
  };
}

export function getPolicy(params: QueryParams, ctx: RequestContext): XmlValue {
  const policy = findPolicy(ctx, readPolicyArn(params));
  return {
    Policy: renderPolicy(
      policy,
      policyUsage(ctx.caller.account, policy.arn),
      true,
    ),
  };
}

export function getPolicyVersion(
  params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  const policy = findPolicy(ctx, readPolicyArn(params));
  const versionId = params.required('VersionId');
  if (!/^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/.test(versionId)) {
    throw validationError(
      'VersionId',
      versionId,
      'Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?',
    );
  }
  const version = policy.versions.find(v => v.versionId === versionId);
  if (!version) {
    throw new AwsError(
      'NoSuchEntity',
      404,
      `Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`,
    );
  }
  return { PolicyVersion: renderPolicyVersion(policy, version) };
}

export function deletePolicy(
  params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  const arn = readPolicyArn(params);
  const { account } = ctx.caller;
  const policy = account.policies.get(arn);
  if (!policy) {
    if (ctx.state.awsManagedPolicies.has(arn)) {
      throw new AwsError(
        'InvalidInput',
        400,
        `AWS managed policy ${arn} cannot be deleted.`,
      );
    }
    throw new AwsError('NoSuchEntity', 404, `Policy ${arn} was not found.`);
  }
  const usage = policyUsage(account, arn);
  if (usage.attachments > 0 || usage.boundaries > 0) {
    throw new AwsError(
      'DeleteConflict',
      409,
      'Cannot delete a policy attached to entities.',
    );
  }
  account.policies.delete(arn);
  ctx.mutated({ target: arn });
  return undefined;
}

export function listPolicies(
  params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  const scope = params.optional('Scope') ?? 'All';
  if (!['All', 'AWS', 'Local'].includes(scope)) {
    throw validationError(
      'Scope',
      scope,
      'Member must satisfy enum value set: [All, AWS, Local]',
    );
  }
  const onlyAttached = params.boolean('OnlyAttached') ?? false;
  const prefix = readPathPrefix(params);
  const maxItems = readMaxItems(params);
  const after = readMarker(params, decodePageToken);
  const { account } = ctx.caller;
  const usageOf = policyUsages(account);
  const candidates = [
    ...(scope === 'Local' ? [] : ctx.state.awsManagedPolicies.values()),
    ...(scope === 'AWS' ? [] : account.policies.values()),
  ];
  const rows = candidates
    .filter(policy => policy.path.startsWith(prefix))
    .map(policy => ({ policy, usage: usageOf(policy.arn) }))
    .filter(({ usage }) => !onlyAttached || usage.attachments > 0);
  const key = (row: { policy: ManagedPolicyState }) => row.policy.arn;
  const page = pageAfter(rows.sort(byKey(key)), key, after, maxItems);
  return {
    Policies: page.items.map(({ policy, usage }) =>
      renderPolicy(policy, usage, false),
    ),
    IsTruncated: page.nextToken !== undefined,
    Marker: page.nextToken,
  };
}
