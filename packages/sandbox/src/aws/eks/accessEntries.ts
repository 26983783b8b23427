/**
 * EKS access entries and their access policies (EKS API 2017-11-01): who may
 * sign in to a cluster's Kubernetes API, with which Kubernetes groups and
 * user name, and which EKS access policies apply where.
 */
import { AwsError } from '../errors';
import { uuid } from '../ids';
import { pageAfter } from '../paging';
import type {
  AccessEntryState,
  AssociatedAccessPolicyState,
  ClusterState,
  SandboxState,
} from '../../state/model';
import {
  ACCESS_POLICIES,
  ACCESS_POLICY_ARN_PREFIX,
  accessPolicyRules,
} from './accessPolicies';
import { epochSeconds } from './render';
import type { EksContext, EksRequest } from './service';
import {
  findCluster,
  invalidParameter,
  optionalString,
  readMaxResults,
  readNextToken,
  readTags,
  requiredString,
} from './validate';

export const AUTHENTICATION_MODES = ['API', 'API_AND_CONFIG_MAP', 'CONFIG_MAP'];
export const ACCESS_ENTRY_TYPES = [
  'STANDARD',
  'EC2_LINUX',
  'EC2_WINDOWS',
  'FARGATE_LINUX',
  'HYBRID_LINUX',
  'EC2',
];
const RESERVED_USERNAME_PREFIXES = [
  'system:',
  'eks:',
  'aws:',
  'amazon:',
  'iam:',
];
const PRINCIPAL_ARN =
  /^arn:aws:iam::(\d{12}):(role|user)\/(?:[^/]+\/)*([\w+=,.@-]{1,64})$/;

function invalidRequest(message: string) {
  return new AwsError('InvalidRequestException', 400, message);
}

function requireAccessEntriesMode(cluster: ClusterState) {
  if (cluster.authenticationMode === 'CONFIG_MAP') {
    throw invalidRequest(
      "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.",
    );
  }
}

function entryOf(
  cluster: ClusterState,
  principalArn: string,
): AccessEntryState {
  const entry = cluster.accessEntries.get(principalArn);
  if (!entry) {
    throw new AwsError(
      'ResourceNotFoundException',
      404,
      `The specified principalArn could not be found. You can view your available access entries with 'list-access-entries'.`,
      { clusterName: cluster.name },
    );
  }
  return entry;
}

/** The unique id of an existing role or user, or undefined when there is none with that ARN. */
export function principalIdOf(
  state: SandboxState,
  principalArn: string,
): string | undefined {
  const role = state.findRoleByArn(principalArn);
  if (role) return role.id;
  for (const account of state.accounts.values()) {
    if (account.callerArn === principalArn) return account.callerUserId;
  }
  return undefined;
}

/** The user name EKS makes up when an entry names none: the user's ARN, or the role's session ARN without its path. */
export function defaultUsername(principalArn: string, type: string): string {
  const match = PRINCIPAL_ARN.exec(principalArn);
  if (!match) return principalArn;
  const [, accountId, kind, name] = match;
  if (type === 'EC2_LINUX' || type === 'EC2_WINDOWS')
    return 'system:node:{{EC2PrivateDNSName}}';
  if (type !== 'STANDARD') return 'system:node:{{SessionName}}';
  return kind === 'user'
    ? principalArn
    : `arn:aws:sts::${accountId}:assumed-role/${name}/{{SessionName}}`;
}

function accessEntryArn(cluster: ClusterState, principalArn: string) {
  const match = PRINCIPAL_ARN.exec(principalArn)!;
  return `arn:aws:eks:${cluster.region}:${cluster.accountId}:access-entry/${
    cluster.name
  }/${match[2]}/${match[1]}/${match[3]}/${uuid(
    `${cluster.arn}/${principalArn}`,
  )}`;
}

export type AccessEntryInput = {
  principalArn: string;
  type?: string;
  username?: string;
  kubernetesGroups?: string[];
  tags?: Map<string, string>;
};

/** EKS's checks of a new entry, as messages; the empty list when it is fine. */
export function accessEntryProblems(
  cluster: ClusterState,
  input: AccessEntryInput,
): string[] {
  const problems: string[] = [];
  const match = PRINCIPAL_ARN.exec(input.principalArn);
  const type = input.type ?? 'STANDARD';
  if (!match) {
    problems.push(
      `The principalArn ${input.principalArn} is not the ARN of an IAM role or user`,
    );
  } else if (input.principalArn.includes(':role/aws-service-role/')) {
    problems.push('Access entries do not support service-linked roles');
  }
  if (!ACCESS_ENTRY_TYPES.includes(type))
    problems.push(`type must be one of ${ACCESS_ENTRY_TYPES.join(', ')}`);
  if (type !== 'STANDARD') {
    if (input.kubernetesGroups?.length || input.username)
      problems.push(
        `kubernetesGroups and username can only be set on an access entry of type STANDARD`,
      );
    if (match && match[1] !== cluster.accountId)
      problems.push(
        `An access entry of type ${type} must name a principal in the cluster's account ${cluster.accountId}`,
      );
  }
  if (
    input.username &&
    RESERVED_USERNAME_PREFIXES.some(p => input.username!.startsWith(p))
  )
    problems.push(
      `username can't start with ${RESERVED_USERNAME_PREFIXES.join(', ')}`,
    );
  const beforeSession = input.username?.split('{{SessionName')[0];
  if (
    input.username?.includes('{{SessionName') &&
    !beforeSession!.includes(':')
  )
    problems.push('username must have a colon before {{SessionName}}');
  for (const group of input.kubernetesGroups ?? []) {
    if (group.startsWith('system:'))
      problems.push(
        `The kubernetes group name ${group} is invalid, it cannot start with system:`,
      );
  }
  return problems;
}

/** A new entry; the caller has checked it with `accessEntryProblems`. */
export function newAccessEntry(
  state: SandboxState,
  cluster: ClusterState,
  input: AccessEntryInput,
  now: Date,
): AccessEntryState {
  const type = input.type ?? 'STANDARD';
  return {
    principalArn: input.principalArn,
    principalId: principalIdOf(state, input.principalArn),
    arn: accessEntryArn(cluster, input.principalArn),
    type,
    username: input.username || defaultUsername(input.principalArn, type),
    kubernetesGroups: [...(input.kubernetesGroups ?? [])],
    tags: input.tags ?? new Map(),
    createdAt: now,
    modifiedAt: now,
    accessPolicies: new Map(),
  };
}

export type AccessScopeInput = { type?: unknown; namespaces?: unknown };

/** Checks an access policy association's policy and scope; the problems as messages. */
export function accessPolicyProblems(
  entry: AccessEntryState,
  policyArn: string,
  scope: AccessScopeInput | undefined,
): string[] {
  const problems: string[] = [];
  if (entry.type !== 'STANDARD')
    problems.push(
      `Access policies can only be associated with access entries of type STANDARD, not ${entry.type}`,
    );
  if (!accessPolicyRules(policyArn))
    problems.push(
      `The policyArn ${policyArn} is not an EKS access policy; known: ${Object.keys(
        ACCESS_POLICIES,
      )
        .map(n => ACCESS_POLICY_ARN_PREFIX + n)
        .join(', ')}`,
    );
  const type = scope?.type;
  const namespaces = scope?.namespaces ?? [];
  if (type !== 'cluster' && type !== 'namespace')
    problems.push("accessScope.type must be 'cluster' or 'namespace'");
  if (
    !Array.isArray(namespaces) ||
    namespaces.some(n => typeof n !== 'string' || !n)
  )
    problems.push('accessScope.namespaces must be a list of namespace names');
  else if (type === 'namespace' && namespaces.length === 0)
    problems.push(
      'accessScope.namespaces is required when accessScope.type is namespace',
    );
  else if (type === 'cluster' && namespaces.length > 0)
    problems.push(
      'accessScope.namespaces must be empty when accessScope.type is cluster',
    );
  return problems;
}

export function associatePolicy(
  entry: AccessEntryState,
  policyArn: string,
  scope: { type: 'cluster' | 'namespace'; namespaces: string[] },
  now: Date,
): AssociatedAccessPolicyState {
  const existing = entry.accessPolicies.get(policyArn);
  const association: AssociatedAccessPolicyState = {
    policyArn,
    accessScope: { type: scope.type, namespaces: [...scope.namespaces] },
    associatedAt: existing?.associatedAt ?? now,
    modifiedAt: now,
  };
  entry.accessPolicies.set(policyArn, association);
  return association;
}

function renderEntry(cluster: ClusterState, entry: AccessEntryState) {
  return {
    clusterName: cluster.name,
    principalArn: entry.principalArn,
    kubernetesGroups: entry.kubernetesGroups,
    accessEntryArn: entry.arn,
    createdAt: epochSeconds(entry.createdAt),
    modifiedAt: epochSeconds(entry.modifiedAt),
    tags: Object.fromEntries(entry.tags),
    username: entry.username,
    type: entry.type,
  };
}

function renderPolicy(p: AssociatedAccessPolicyState) {
  return {
    policyArn: p.policyArn,
    accessScope: p.accessScope,
    associatedAt: epochSeconds(p.associatedAt),
    modifiedAt: epochSeconds(p.modifiedAt),
  };
}

function stringList(body: Record<string, unknown>, field: string) {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string'))
    throw invalidParameter(`${field} must be a list of strings`);
  return value as string[];
}

export function createAccessEntry(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  requireAccessEntriesMode(cluster);
  const input: AccessEntryInput = {
    principalArn: requiredString(request.body, 'principalArn'),
    type: optionalString(request.body, 'type'),
    username: optionalString(request.body, 'username'),
    kubernetesGroups: stringList(request.body, 'kubernetesGroups'),
    tags: readTags(request.body, invalidParameter),
  };
  const problems = accessEntryProblems(cluster, input);
  if (problems.length) throw invalidParameter(problems.join('; '));
  if (!principalIdOf(ctx.state, input.principalArn)) {
    throw invalidParameter(
      `The specified principalArn is invalid: ${input.principalArn} names no existing IAM role or user`,
    );
  }
  if (cluster.accessEntries.has(input.principalArn)) {
    throw new AwsError(
      'ResourceInUseException',
      409,
      'The specified access entry resource is already in use on this cluster.',
      { clusterName: cluster.name },
    );
  }
  const entry = newAccessEntry(ctx.state, cluster, input, new Date());
  cluster.accessEntries.set(entry.principalArn, entry);
  ctx.mutated({ target: entry.arn, cluster: cluster.name });
  return { accessEntry: renderEntry(cluster, entry) };
}

export function describeAccessEntry(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  requireAccessEntriesMode(cluster);
  const entry = entryOf(cluster, request.labels.principalArn);
  return { accessEntry: renderEntry(cluster, entry) };
}

export function listAccessEntries(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  requireAccessEntriesMode(cluster);
  const maxResults = readMaxResults(request);
  const after = readNextToken(request);
  const policyArn = request.query.get('associatedPolicyArn');
  const arns = [...cluster.accessEntries.values()]
    .filter(e => !policyArn || e.accessPolicies.has(policyArn))
    .map(e => e.principalArn)
    .sort();
  const page = pageAfter(arns, arn => arn, after, maxResults);
  return { accessEntries: page.items, nextToken: page.nextToken };
}

export function updateAccessEntry(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  requireAccessEntriesMode(cluster);
  const entry = entryOf(cluster, request.labels.principalArn);
  const kubernetesGroups = stringList(request.body, 'kubernetesGroups');
  const username = optionalString(request.body, 'username');
  const problems = accessEntryProblems(cluster, {
    principalArn: entry.principalArn,
    type: entry.type,
    kubernetesGroups,
    username,
  });
  if (problems.length) throw invalidParameter(problems.join('; '));
  if (kubernetesGroups) entry.kubernetesGroups = [...kubernetesGroups];
  if (username) entry.username = username;
  entry.modifiedAt = new Date();
  ctx.mutated({ target: entry.arn, cluster: cluster.name });
  return { accessEntry: renderEntry(cluster, entry) };
}

export function deleteAccessEntry(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  requireAccessEntriesMode(cluster);
  const entry = entryOf(cluster, request.labels.principalArn);
  cluster.accessEntries.delete(entry.principalArn);
  ctx.mutated({ target: entry.arn, cluster: cluster.name });
  return {};
}

export function associateAccessPolicy(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  requireAccessEntriesMode(cluster);
  const entry = entryOf(cluster, request.labels.principalArn);
  const policyArn = requiredString(request.body, 'policyArn');
  const scope = request.body.accessScope as AccessScopeInput | undefined;
  const problems = accessPolicyProblems(entry, policyArn, scope);
  if (problems.length) throw invalidParameter(problems.join('; '));
  const association = associatePolicy(
    entry,
    policyArn,
    {
      type: scope!.type as 'cluster' | 'namespace',
      namespaces: (scope!.namespaces as string[] | undefined) ?? [],
    },
    new Date(),
  );
  ctx.mutated({ target: entry.arn, cluster: cluster.name, detail: policyArn });
  return {
    clusterName: cluster.name,
    principalArn: entry.principalArn,
    associatedAccessPolicy: renderPolicy(association),
  };
}

export function listAssociatedAccessPolicies(
  request: EksRequest,
  ctx: EksContext,
) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  requireAccessEntriesMode(cluster);
  const entry = entryOf(cluster, request.labels.principalArn);
  const maxResults = readMaxResults(request);
  const after = readNextToken(request);
  const policies = [...entry.accessPolicies.values()].sort((a, b) =>
    a.policyArn.localeCompare(b.policyArn),
  );
  const page = pageAfter(policies, p => p.policyArn, after, maxResults);
  return {
    clusterName: cluster.name,
    principalArn: entry.principalArn,
    associatedAccessPolicies: page.items.map(renderPolicy),
    nextToken: page.nextToken,
  };
}

export function disassociateAccessPolicy(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  requireAccessEntriesMode(cluster);
  const entry = entryOf(cluster, request.labels.principalArn);
  const policyArn = request.labels.policyArn;
  if (!entry.accessPolicies.delete(policyArn)) {
    throw new AwsError(
      'ResourceNotFoundException',
      404,
      `The access policy ${policyArn} is not associated with access entry ${entry.principalArn}.`,
      { clusterName: cluster.name },
    );
  }
  ctx.mutated({ target: entry.arn, cluster: cluster.name, detail: policyArn });
  return {};
}

export function listAccessPolicies(request: EksRequest) {
  const maxResults = readMaxResults(request);
  const after = readNextToken(request);
  const names = Object.keys(ACCESS_POLICIES).sort();
  const page = pageAfter(names, n => n, after, maxResults);
  return {
    accessPolicies: page.items.map(name => ({
      name,
      arn: ACCESS_POLICY_ARN_PREFIX + name,
    })),
    nextToken: page.nextToken,
  };
}
