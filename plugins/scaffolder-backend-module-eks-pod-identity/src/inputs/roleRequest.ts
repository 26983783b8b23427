import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  formatProblems,
  problem,
  ValidationProblem,
  partitionOfRegion,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  IamGateway,
  ManagedPolicyRecord,
} from '@pod-identity/plugin-eks-pod-identity-node';
import { roleArnOfSpec, RoleSpec } from '../provisioning/ensureRole';
import {
  buildRoleChainPolicy,
  buildTrustPolicy,
  TRUST_SCOPES,
  TrustScope,
} from '../policies/trustPolicy';
import type { ResolvedCluster } from '../services/ClusterResolver';
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
  checkSessionPolicy,
  isBlank,
  parseEntity,
} from './checks';
import { judgePlan, PlanFinding, PlanJudgeDeps } from './planFindings';
import { PlannedRole, readManagedPolicies } from './planInventory';

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
  problems.push(...buildPermissions(input, PLACEHOLDER_SCOPE).problems);
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

/**
 * Judges the role `spec` will create (and the association it is for, when
 * `makesAssociation`) with the access analysis; refuses it at or above the
 * platform's limit. Returns the findings for the action's output.
 */
export async function judgeRoleSpec(
  deps: PlanJudgeDeps,
  logger: LoggerService,
  input: RoleRequestInput & { sessionPolicy?: unknown },
  spec: RoleSpec,
  cluster: ResolvedCluster,
  makesAssociation: boolean,
): Promise<PlanFinding[]> {
  const { planned, policies } = await plannedRoleOf(
    deps.iam,
    input,
    spec,
    cluster,
  );
  const disableSessionTags = input.disableSessionTags === true;
  return judgePlan(
    deps,
    logger,
    {
      cluster,
      role: planned,
      association: {
        // A role made on its own is judged for the service account it is scoped to.
        namespace: input.namespace ?? 'default',
        serviceAccount: input.serviceAccount ?? 'default',
        targetRoleArn: input.targetRoleArn || undefined,
        disableSessionTags,
        sessionPolicy: checkSessionPolicy(
          input.sessionPolicy,
          disableSessionTags,
        ).document,
      },
      makesAssociation,
    },
    policies,
  );
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
    : buildPermissions(input, cluster);
  problems.push(...permissions.problems);
  if (problems.length) throw new InputError(formatProblems(problems));
  const where = input.namespace
    ? `${cluster.name}:${input.namespace}/${input.serviceAccount}`
    : cluster.name;
  return {
    partition: partitionOfRegion(cluster.region),
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
 * The role `spec` will create, as the analysis reads it: its requested
 * permissions as one inline policy per input field (so a finding names the
 * field), and its managed policies and boundary read by content.
 */
export async function plannedRoleOf(
  iam: IamGateway,
  input: RoleRequestInput,
  spec: RoleSpec,
  cluster: ResolvedCluster,
): Promise<{ planned: PlannedRole; policies: ManagedPolicyRecord[] }> {
  const managed = spec.managedPolicyArns.map((arn, i) => ({
    arn,
    field: `managedPolicyArns[${i}]`,
  }));
  const boundary = spec.permissionsBoundaryArn
    ? [{ arn: spec.permissionsBoundaryArn, field: 'permissionsBoundaryArn' }]
    : [];
  const { policies, problems } = await readManagedPolicies(
    iam,
    spec.accountId,
    [...managed, ...boundary],
  );
  if (problems.length) throw new InputError(formatProblems(problems));
  const parts = input.targetRoleArn
    ? { targetRoleArn: spec.permissions }
    : {
        permissions: buildPermissions(
          { permissions: input.permissions },
          cluster,
        ).document,
        customPolicy: buildPermissions(
          { customPolicy: input.customPolicy },
          cluster,
        ).document,
      };
  const inlinePolicies = Object.entries(parts).flatMap(([name, document]) =>
    document ? [{ name, document }] : [],
  );
  return {
    planned: {
      role: {
        arn: roleArnOfSpec(spec),
        name: spec.roleName,
        accountId: spec.accountId,
        path: spec.path,
        createDate: new Date().toISOString(),
        trustPolicy: spec.trustPolicy,
        inlinePolicies,
        attachedPolicyArns: spec.managedPolicyArns,
        ...(spec.permissionsBoundaryArn && {
          permissionsBoundaryArn: spec.permissionsBoundaryArn,
        }),
        tags: spec.tags,
      },
      field: 'roleName',
      trustField: 'trustScope',
      policyFields: {
        ...Object.fromEntries(inlinePolicies.map(p => [p.name, p.name])),
        ...Object.fromEntries(managed.map(m => [m.arn, m.field])),
      },
    },
    policies,
  };
}
