import { AwsError } from '../errors';
import { associationId, uuid } from '../ids';
import { byKey, pageAfter } from '../paging';
import { policyDocumentProblem } from '../policyDocument';
import {
  associationArn,
  AssociationState,
  ClusterState,
  parseRoleArn,
} from '../../state/model';
import { renderAssociation, renderAssociationSummary } from './render';
import type { EksContext, EksRequest } from './service';
import { podIdentityTrust, POD_IDENTITY_PRINCIPAL } from './trust';
import {
  findCluster,
  invalidParameter,
  optionalBoolean,
  optionalString,
  readMaxResults,
  readNextToken,
  readTags,
  requiredString,
} from './validate';

/** EKS quota: Pod Identity associations per cluster. */
export const ASSOCIATIONS_PER_CLUSTER = 5000;
const SESSION_POLICY_MAX_LENGTH = 2048;
const NAMESPACE_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SERVICE_ACCOUNT_PATTERN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

type AssociationSettings = {
  roleArn: string;
  targetRoleArn?: string;
  disableSessionTags: boolean;
  policy?: string;
};

/** The checks EKS applies to an association's role, target role and session policy. */
function checkSettings(
  ctx: EksContext,
  cluster: ClusterState,
  s: AssociationSettings,
): void {
  const parsed = parseRoleArn(s.roleArn);
  if (!parsed) {
    throw invalidParameter(`roleArn ${s.roleArn} is not a valid IAM role ARN`);
  }
  if (parsed.accountId !== cluster.accountId) {
    throw invalidParameter(
      `Role ${s.roleArn} must be in the cluster's account ${cluster.accountId}; use targetRoleArn for a role in another account`,
    );
  }
  const role = ctx.state.findRoleByArn(s.roleArn);
  // A role IAM has not yet propagated to EKS gets the answer of a missing one.
  if (!role || !ctx.state.isUsable(role)) {
    throw invalidParameter(
      `Role ${s.roleArn} does not exist in account ${cluster.accountId}`,
    );
  }
  const trust = podIdentityTrust(role.trustPolicy);
  if (!trust.principal || !trust.assumeRole) {
    throw invalidParameter(
      `The trust policy of role ${s.roleArn} does not allow the ${POD_IDENTITY_PRINCIPAL} principal to perform sts:AssumeRole`,
    );
  }
  if (!s.disableSessionTags && !trust.tagSession) {
    throw invalidParameter(
      `The trust policy of role ${s.roleArn} does not allow the ${POD_IDENTITY_PRINCIPAL} principal to perform sts:TagSession, which session tags need; add it or set disableSessionTags`,
    );
  }
  if (s.targetRoleArn !== undefined) {
    const target = parseRoleArn(s.targetRoleArn);
    if (!target) {
      throw invalidParameter(
        `targetRoleArn ${s.targetRoleArn} is not a valid IAM role ARN`,
      );
    }
  }
  if (s.policy !== undefined) {
    if (!s.disableSessionTags) {
      throw invalidParameter(
        'A session policy (policy) requires disableSessionTags to be true',
      );
    }
    if (s.policy.length > SESSION_POLICY_MAX_LENGTH) {
      throw invalidParameter(
        `policy must be at most ${SESSION_POLICY_MAX_LENGTH} characters`,
      );
    }
    const problem = policyDocumentProblem(s.policy, 'identity');
    if (problem)
      throw invalidParameter(`policy is not a valid IAM policy: ${problem}`);
  }
}

function findAssociation(cluster: ClusterState, id: string): AssociationState {
  const association = cluster.associations.get(id);
  if (!association) {
    throw new AwsError(
      'ResourceNotFoundException',
      404,
      `No Pod Identity association found for id ${id} in cluster ${cluster.name}`,
      { clusterName: cluster.name },
    );
  }
  return association;
}

function refuseAddonOwned(association: AssociationState): void {
  if (association.ownerArn) {
    throw new AwsError(
      'InvalidRequestException',
      400,
      `Association ${association.id} is owned by ${association.ownerArn}; change it through that add-on`,
    );
  }
}

/** Empty strings clear optional settings on update. */
function clearable(
  value: string | undefined,
  current: string | undefined,
): string | undefined {
  if (value === undefined) return current;
  return value === '' ? undefined : value;
}

export function createAssociation(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  const { body } = request;
  const namespace = requiredString(body, 'namespace');
  const serviceAccount = requiredString(body, 'serviceAccount');
  if (namespace.length > 63 || !NAMESPACE_PATTERN.test(namespace)) {
    throw invalidParameter(
      `namespace '${namespace}' is not a valid Kubernetes namespace name`,
    );
  }
  if (
    serviceAccount.length > 253 ||
    !SERVICE_ACCOUNT_PATTERN.test(serviceAccount)
  ) {
    throw invalidParameter(
      `serviceAccount '${serviceAccount}' is not a valid Kubernetes service account name`,
    );
  }
  const settings: AssociationSettings = {
    roleArn: requiredString(body, 'roleArn'),
    targetRoleArn: optionalString(body, 'targetRoleArn') || undefined,
    disableSessionTags: optionalBoolean(body, 'disableSessionTags') ?? false,
    policy: optionalString(body, 'policy') || undefined,
  };
  const tags = readTags(body, invalidParameter);
  const token = optionalString(body, 'clientRequestToken');
  const fingerprint = JSON.stringify([
    namespace,
    serviceAccount,
    settings,
    [...tags],
  ]);
  if (token !== undefined) {
    const previous = cluster.requestTokens.get(token);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        throw invalidParameter(
          `clientRequestToken ${token} was already used with different parameters`,
        );
      }
      const existing = cluster.associations.get(previous.associationId);
      if (existing) return { association: renderAssociation(existing) };
    }
  }
  for (const existing of cluster.associations.values()) {
    if (
      existing.namespace === namespace &&
      existing.serviceAccount === serviceAccount
    ) {
      throw new AwsError(
        'ResourceInUseException',
        409,
        `Association already exists: ${existing.id}`,
        { clusterName: cluster.name },
      );
    }
  }
  refuseReleasingSlot(cluster, namespace, serviceAccount);
  checkSettings(ctx, cluster, settings);
  if (cluster.associations.size >= ASSOCIATIONS_PER_CLUSTER) {
    throw new AwsError(
      'ResourceLimitExceededException',
      400,
      `Cluster ${cluster.name} already has the maximum of ${ASSOCIATIONS_PER_CLUSTER} Pod Identity associations`,
      { clusterName: cluster.name },
    );
  }
  const id = associationId();
  const now = new Date();
  const association: AssociationState = {
    id,
    arn: associationArn(cluster, id),
    clusterName: cluster.name,
    namespace,
    serviceAccount,
    ...settings,
    tags,
    externalId: uuid(),
    createdAt: now,
    modifiedAt: now,
  };
  cluster.associations.set(id, association);
  if (token !== undefined) {
    cluster.requestTokens.set(token, { fingerprint, associationId: id });
  }
  ctx.mutated({ target: association.arn, cluster: cluster.name });
  return { association: renderAssociation(association) };
}

export function describeAssociation(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  return {
    association: renderAssociation(
      findAssociation(cluster, request.labels.associationId),
    ),
  };
}

export function listAssociations(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  const namespace = request.query.get('namespace');
  const serviceAccount = request.query.get('serviceAccount');
  const maxResults = readMaxResults(request);
  const after = readNextToken(request);
  const key = (a: AssociationState) => a.id;
  const matching = [...cluster.associations.values()]
    .filter(a => namespace === null || a.namespace === namespace)
    .filter(a => serviceAccount === null || a.serviceAccount === serviceAccount)
    .sort(byKey(key));
  const page = pageAfter(matching, key, after, maxResults);
  return {
    associations: page.items.map(renderAssociationSummary),
    nextToken: page.nextToken,
  };
}

export function updateAssociation(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  const association = findAssociation(cluster, request.labels.associationId);
  refuseAddonOwned(association);
  const { body } = request;
  const settings: AssociationSettings = {
    roleArn: optionalString(body, 'roleArn') || association.roleArn,
    targetRoleArn: clearable(
      optionalString(body, 'targetRoleArn'),
      association.targetRoleArn,
    ),
    disableSessionTags:
      optionalBoolean(body, 'disableSessionTags') ??
      association.disableSessionTags,
    policy: clearable(optionalString(body, 'policy'), association.policy),
  };
  checkSettings(ctx, cluster, settings);
  Object.assign(association, settings, { modifiedAt: new Date() });
  ctx.mutated({ target: association.arn, cluster: cluster.name });
  return { association: renderAssociation(association) };
}

export function deleteAssociation(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  const association = findAssociation(cluster, request.labels.associationId);
  refuseAddonOwned(association);
  cluster.associations.delete(association.id);
  for (const [token, entry] of cluster.requestTokens) {
    if (entry.associationId === association.id)
      cluster.requestTokens.delete(token);
  }
  const delay = ctx.state.enforcement.consistencyDelayMs;
  if (delay > 0) {
    cluster.releasingSlots.set(
      slotKey(association.namespace, association.serviceAccount),
      Date.now() + delay,
    );
  }
  ctx.mutated({ target: association.arn, cluster: cluster.name });
  return { association: renderAssociation(association) };
}

function slotKey(namespace: string, serviceAccount: string): string {
  return `${namespace}/${serviceAccount}`;
}

/**
 * A deleted association keeps its service account taken for a while, as
 * EKS's eventual consistency does; the answer names no association, since
 * none can be described any more.
 */
function refuseReleasingSlot(
  cluster: ClusterState,
  namespace: string,
  serviceAccount: string,
): void {
  const key = slotKey(namespace, serviceAccount);
  const until = cluster.releasingSlots.get(key);
  if (until === undefined) return;
  if (until <= Date.now()) {
    cluster.releasingSlots.delete(key);
    return;
  }
  throw new AwsError(
    'ResourceInUseException',
    409,
    `The service account ${namespace}/${serviceAccount} is still held by a Pod Identity association that is being deleted; retry shortly`,
    { clusterName: cluster.name },
  );
}
