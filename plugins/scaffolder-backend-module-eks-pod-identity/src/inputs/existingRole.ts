import { InputError, NotAllowedError } from '@backstage/errors';
import {
  accountOfArn,
  ENTITY_REF_TAG_KEY,
  normalizeArn,
  OWNER_TAG_KEY,
  PolicyDocument,
  POD_IDENTITY_PRINCIPAL,
  problem,
  ValidationProblem,
  roleNameOfArn,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  IamGateway,
  RoleRecord,
} from '@pod-identity/plugin-eks-pod-identity-node';
import { existingTrustScope, PodIdentityUse } from '../policies/existingTrust';
import type { PlatformGuardrails } from '../services/Guardrails';
import { ownedBy, Requester } from '../services/Requesters';
import { throwIfProblems } from './checks';

export interface ExistingRoleUse {
  /** The input that named the role. */
  field: string;
  /** How messages name the role; default `<field> <role ARN>`. */
  label?: string;
  /**
   * Whether the name prefix and path apply. They do for a role bound as is;
   * an IRSA role predates them and IAM cannot rename or move a role.
   */
  naming: boolean;
  /**
   * The association EKS will assume the role for: its trust must admit it,
   * no wider than `allowedTrustScopes`. Absent for a target role, whose
   * trust is for the association's role, not for pods.
   */
  podIdentity?: PodIdentityUse & {
    /** The trust to judge, when the action is about to change it. */
    trustPolicy?: PolicyDocument;
  };
}

/**
 * Refuses, before any change, to bind a role that does not belong to the
 * requesting entity: neither tag names it, the user lacks
 * `eks-pod-identity.manage`, and `allowedExistingRoleArns` does not list it.
 */
export function checkRoleOwnership(
  role: Pick<RoleRecord, 'arn' | 'tags'>,
  requester: Requester,
  guardrails: PlatformGuardrails,
  field: string,
): void {
  if (
    requester.mayManageOthers ||
    ownedBy(requester, role.tags) ||
    guardrails.allowsExistingRole(role.arn)
  ) {
    return;
  }
  const whose = requester.entity
    ? `${requester.entity.ref}${
        requester.entity.ownerRef ? ` (owner ${requester.entity.ownerRef})` : ''
      }`
    : 'the requesting entity (no entityRef was given)';
  throw new NotAllowedError(
    `${field} ${role.arn} does not belong to ${whose}: neither its ${ENTITY_REF_TAG_KEY} nor its ${OWNER_TAG_KEY} tag names it. Give the entityRef the role was granted to, use a role made for this entity, or ask the platform team (eks-pod-identity.manage permission, or eksPodIdentity.guardrails.allowedExistingRoleArns).`,
  );
}

/**
 * Holds an existing role to the guardrails of a created one: name prefix and
 * path (when `use.naming`), the permissions boundary, denied managed
 * policies, and (for the association's own role) a trust no wider than
 * `allowedTrustScopes`. What its policies grant is the analysis's to judge.
 */
export async function checkExistingRole(
  guardrails: PlatformGuardrails,
  role: RoleRecord,
  use: ExistingRoleUse,
): Promise<ValidationProblem[]> {
  const { field } = use;
  const at = use.label ?? `${field} ${role.arn}`;
  const { roleNamePrefix } = guardrails.settings;
  const problems: ValidationProblem[] = [];
  const fix =
    'use a role made by eks-pod-identity:role:create, or let eks-pod-identity:setup make one.';
  if (use.naming && roleNamePrefix && !role.name.startsWith(roleNamePrefix)) {
    problems.push(
      ...problem(
        field,
        `${at}: its name does not start with "${roleNamePrefix}" (platform guardrail): ${fix}`,
      ),
    );
  }
  if (
    use.naming &&
    guardrails.settings.rolePath &&
    role.path !== guardrails.rolePath
  ) {
    problems.push(
      ...problem(
        field,
        `${at}: its path "${role.path}" is not "${guardrails.rolePath}" (platform guardrail): ${fix}`,
      ),
    );
  }
  const boundary = guardrails.permissionsBoundaryArn(role.accountId);
  if (
    boundary &&
    normalizeArn(role.permissionsBoundaryArn ?? '') !== normalizeArn(boundary)
  ) {
    problems.push(
      ...problem(
        field,
        `${at}: its permissions boundary is ${
          role.permissionsBoundaryArn ?? 'missing'
        }, the platform guardrails require ${boundary}: have it set on the role, or ${fix}`,
      ),
    );
  }
  // What the role's policies grant is judged by the plan's analysis
  // (planFindings.ts), with the findings' rules.
  problems.push(
    ...guardrails
      .check({ managedPolicyArns: role.attachedPolicyArns })
      .map(p => ({ field, message: `${at}: ${p.message}` })),
  );
  if (use.podIdentity) {
    problems.push(
      ...checkTrustScope(role, use.podIdentity, guardrails, field, at),
    );
  }
  return problems;
}

function checkTrustScope(
  role: RoleRecord,
  use: NonNullable<ExistingRoleUse['podIdentity']>,
  guardrails: PlatformGuardrails,
  field: string,
  at: string,
): ValidationProblem[] {
  const scope = existingTrustScope(use.trustPolicy ?? role.trustPolicy, use);
  const where = `${use.cluster.name}:${use.namespace}/${use.serviceAccount}`;
  if (!scope) {
    return problem(
      field,
      `${at}: its trust policy does not let ${POD_IDENTITY_PRINCIPAL} assume it for ${where}${
        use.sessionTags ? '' : ' without session tags'
      }: use a role whose trust admits this service account.`,
    );
  }
  if (!guardrails.check({ trustScope: scope }).length) return [];
  return problem(
    field,
    `${at}: its trust admits ${
      scope === 'none'
        ? `Pod Identity associations of any cluster in account ${role.accountId}`
        : `any service account of cluster ${use.cluster.name}`
    } (trust scope "${scope}"), which the platform guardrails do not allow (allowedTrustScopes: ${guardrails.settings.allowedTrustScopes?.join(
      ', ',
    )}): narrow its trust with aws:SourceArn and the kubernetes-namespace / kubernetes-service-account request tags.`,
  );
}

/**
 * A target role in the cluster's own account is read and held to what the
 * association's role is (ownership, boundary, policies): otherwise chaining
 * would reach any same-account role that trusts the account, such as an
 * administrator role. Targets in other accounts are limited by
 * `allowedTargetAccounts`.
 */
export async function checkSameAccountTarget(
  iam: IamGateway,
  guardrails: PlatformGuardrails,
  requester: Requester,
  targetRoleArn: string | undefined,
  accountId: string,
): Promise<void> {
  if (!targetRoleArn || accountOfArn(targetRoleArn) !== accountId) return;
  const role = await iam.readRole(accountId, roleNameOfArn(targetRoleArn));
  if (!role || normalizeArn(role.arn) !== normalizeArn(targetRoleArn)) {
    throw new InputError(
      `targetRoleArn ${targetRoleArn} does not exist in the cluster's account ${accountId}: check the ARN.`,
    );
  }
  checkRoleOwnership(role, requester, guardrails, 'targetRoleArn');
  throwIfProblems(
    await checkExistingRole(guardrails, role, {
      field: 'targetRoleArn',
      naming: false,
    }),
  );
}
