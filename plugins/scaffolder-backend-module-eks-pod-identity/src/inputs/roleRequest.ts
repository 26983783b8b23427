import { InputError } from '@backstage/errors';
import {
  formatProblems,
  problem,
  ValidationProblem,
} from '@pod-identity/plugin-eks-pod-identity-common';
import {
  IamGateway,
  isNotFoundError,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type { RoleSpec } from '../provisioning/ensureRole';
import {
  buildRoleChainPolicy,
  buildTrustPolicy,
  TRUST_SCOPES,
  TrustScope,
} from '../policies/trustPolicy';
import type { ResolvedCluster } from '../services/ClusterDirectory';
import type { PlatformGuardrails } from '../services/Guardrails';
import type { VerifiedEntity } from '../services/Requesters';
import {
  buildPermissions,
  buildTags,
  checkBoolean,
  checkManagedPolicyArns,
  checkPartitions,
  checkOptionalRoleArn,
  checkRoleName,
  isBlank,
  parseEntity,
} from './checks';

/** What role:create and setup take to describe the role. */
export interface RoleRequestInput {
  cluster: string;
  namespace?: string;
  serviceAccount?: string;
  roleName?: string;
  trustScope?: string;
  disableSessionTags?: boolean;
  permissions?: Array<{ preset: string; resource: string }>;
  customPolicy?: string | Record<string, unknown>;
  managedPolicyArns?: string[];
  targetRoleArn?: string;
  tags?: Record<string, string>;
  entityRef?: string;
}

// Bare names in presets are checked before the cluster (and so its account
// and region) is known; this stands in for them in that first pass.
const PLACEHOLDER_SCOPE = { accountId: '000000000000', region: 'us-east-1' };

export function trustScopeOf(input: {
  trustScope?: string;
  disableSessionTags?: boolean;
}): TrustScope {
  return (
    (input.trustScope as TrustScope | undefined) ??
    (input.disableSessionTags ? 'cluster' : 'service-account')
  );
}

function roleNameOf(input: RoleRequestInput, guardrails: PlatformGuardrails) {
  return (
    input.roleName ??
    (input.namespace && input.serviceAccount
      ? guardrails.defaultRoleName(input.namespace, input.serviceAccount)
      : undefined)
  );
}

/** Everything about the role that can be checked without any call. */
export function checkRoleRequest(
  input: RoleRequestInput,
  guardrails: PlatformGuardrails,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  problems.push(
    ...checkBoolean(input.disableSessionTags, 'disableSessionTags'),
  );
  if (
    input.trustScope !== undefined &&
    !TRUST_SCOPES.includes(input.trustScope as TrustScope)
  ) {
    problems.push(
      ...problem(
        'trustScope',
        `trustScope "${input.trustScope}" is not one of ${TRUST_SCOPES.join(
          ', ',
        )}.`,
      ),
    );
  } else {
    const scope = trustScopeOf(input);
    problems.push(...guardrails.check({ trustScope: scope }));
    if (scope === 'service-account' && input.disableSessionTags) {
      problems.push(
        ...problem(
          'trustScope',
          'trustScope "service-account" relies on the kubernetes-namespace and kubernetes-service-account session tags, which disableSessionTags turns off: use trustScope "cluster".',
        ),
      );
    }
    if (
      scope === 'service-account' &&
      (!input.namespace || !input.serviceAccount)
    ) {
      problems.push(
        ...problem(
          'trustScope',
          'trustScope "service-account" needs namespace and serviceAccount: give both, or use trustScope "cluster".',
        ),
      );
    }
  }
  const roleName = roleNameOf(input, guardrails);
  problems.push(
    ...(roleName === undefined
      ? problem(
          'roleName',
          'roleName is missing: give a role name, or namespace and serviceAccount to derive one.',
        )
      : checkRoleName(roleName, guardrails)),
  );
  const entity = parseEntity(input.entityRef);
  problems.push(...entity.problems);
  problems.push(...buildTags(input.tags, undefined, guardrails).problems);
  problems.push(
    ...checkManagedPolicyArns(input.managedPolicyArns, guardrails).problems,
  );
  problems.push(
    ...buildPermissions(input, PLACEHOLDER_SCOPE, guardrails).problems,
  );
  problems.push(...checkTargetRoleArn(input.targetRoleArn, guardrails));
  if (
    input.targetRoleArn &&
    (input.permissions?.length ||
      input.customPolicy ||
      input.managedPolicyArns?.length)
  ) {
    problems.push(
      ...problem(
        'targetRoleArn',
        'With targetRoleArn the association role only gets sts:AssumeRole and sts:TagSession on the target role: put permissions, customPolicy and managedPolicyArns on the target role in its own account instead.',
      ),
    );
  }
  return problems;
}

/**
 * A target role's ARN, and its account against `allowedTargetAccounts`. EKS
 * takes a target in the cluster's account or another one ("the same or
 * different account", UpdatePodIdentityAssociation reference).
 */
export function checkTargetRoleArn(
  targetRoleArn: unknown,
  guardrails: PlatformGuardrails,
): ValidationProblem[] {
  const invalid = checkOptionalRoleArn(targetRoleArn, 'targetRoleArn');
  if (invalid.length || isBlank(targetRoleArn)) return invalid;
  return guardrails.check({ targetRoleArn: String(targetRoleArn) });
}

/** The role to create for `input` on `cluster`; call after checkRoleRequest passed. */
export function buildRoleSpec(
  input: RoleRequestInput,
  cluster: ResolvedCluster,
  guardrails: PlatformGuardrails,
  entity: VerifiedEntity | undefined,
): RoleSpec {
  const problems = checkPartitions(input, cluster);
  const permissions = input.targetRoleArn
    ? { document: buildRoleChainPolicy(input.targetRoleArn), problems: [] }
    : buildPermissions(input, cluster, guardrails);
  problems.push(...permissions.problems);
  if (problems.length) throw new InputError(formatProblems(problems));
  const where = input.namespace
    ? `${cluster.name}:${input.namespace}/${input.serviceAccount}`
    : cluster.name;
  return {
    accountId: cluster.accountId,
    roleName: roleNameOf(input, guardrails)!,
    path: guardrails.rolePath,
    description: `EKS Pod Identity role for ${where}, made by Backstage`,
    trustPolicy: buildTrustPolicy(
      {
        accountId: cluster.accountId,
        clusterArn: cluster.arn,
        namespace: input.namespace,
        serviceAccount: input.serviceAccount,
      },
      trustScopeOf(input),
    ),
    permissionsBoundaryArn: guardrails.permissionsBoundaryArn(
      cluster.accountId,
    ),
    permissions: permissions.document,
    managedPolicyArns: checkManagedPolicyArns(
      input.managedPolicyArns,
      guardrails,
    ).arns,
    tags: buildTags(input.tags, entity, guardrails).tags,
  };
}

/**
 * Reads each managed policy to attach and applies the same action guardrails
 * as to requested statements: a managed policy must not smuggle in `*` or an
 * escalation action that a custom statement could not have.
 */
export async function checkManagedPolicies(
  iam: IamGateway,
  accountId: string,
  arns: string[],
  guardrails: PlatformGuardrails,
): Promise<void> {
  const problems: ValidationProblem[] = [];
  for (const [i, arn] of arns.entries()) {
    const field = `managedPolicyArns[${i}]`;
    try {
      const policy = await iam.getManagedPolicy(accountId, arn);
      problems.push(
        ...guardrails.check({
          policies: [{ field, document: policy.document }],
        }),
      );
    } catch (e) {
      if (!isNotFoundError(e)) throw e;
      problems.push(
        ...problem(
          field,
          `${field} ${arn} does not exist in account ${accountId}: check the ARN.`,
        ),
      );
    }
  }
  if (problems.length) throw new InputError(formatProblems(problems));
}
