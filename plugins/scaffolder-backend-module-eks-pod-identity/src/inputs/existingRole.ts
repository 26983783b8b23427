import { NotAllowedError } from '@backstage/errors';
import {
  ENTITY_REF_TAG_KEY,
  normalizeArn,
  OWNER_TAG_KEY,
  PolicyDocument,
  POD_IDENTITY_PRINCIPAL,
  problem,
  ValidationProblem,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  IamGateway,
  RoleRecord,
} from '@pod-identity/plugin-eks-pod-identity-node';
import { existingTrustScope, PodIdentityUse } from '../policies/existingTrust';
import type { PlatformGuardrails } from '../services/Guardrails';
import { ownedBy, Requester } from '../services/Requesters';

export interface ExistingRoleUse extends PodIdentityUse {
  /** The input that named the role. */
  field: string;
  /** How messages name the role; default `<field> <role ARN>`. */
  label?: string;
  /**
   * Whether the name prefix and path apply. They do for a role bound as is;
   * an IRSA role predates them and IAM cannot rename or move a role.
   */
  naming: boolean;
  /** The trust to judge, when the action is about to change it. */
  trustPolicy?: PolicyDocument;
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
 * policies, the policy rules on every inline and attached policy (documents
 * read), and a trust no wider than `allowedTrustScopes`.
 */
export async function checkExistingRole(
  iam: IamGateway,
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
  const policies = [
    ...role.inlinePolicies.map(p => ({
      field: `inline policy ${p.name}`,
      document: p.document,
    })),
    ...(await Promise.all(
      role.attachedPolicyArns.map(async arn => ({
        field: `managed policy ${arn}`,
        document: (await iam.getManagedPolicy(role.accountId, arn)).document,
      })),
    )),
  ];
  problems.push(
    ...guardrails
      .check({ managedPolicyArns: role.attachedPolicyArns, policies })
      .map(p => ({ field, message: `${at}: ${p.message}` })),
  );
  const trust = use.trustPolicy ?? role.trustPolicy;
  const scope = existingTrustScope(trust, use);
  const where = `${use.cluster.name}:${use.namespace}/${use.serviceAccount}`;
  if (!scope) {
    problems.push(
      ...problem(
        field,
        `${at}: its trust policy does not let ${POD_IDENTITY_PRINCIPAL} assume it for ${where}${
          use.sessionTags ? '' : ' without session tags'
        }: use a role whose trust admits this service account.`,
      ),
    );
  } else if (guardrails.check({ trustScope: scope }).length) {
    problems.push(
      ...problem(
        field,
        `${at}: its trust admits ${
          scope === 'none'
            ? `Pod Identity associations of any cluster in account ${role.accountId}`
            : `any service account of cluster ${use.cluster.name}`
        } (trust scope "${scope}"), which the platform guardrails do not allow (allowedTrustScopes: ${guardrails.settings.allowedTrustScopes?.join(
          ', ',
        )}): narrow its trust with aws:SourceArn and the kubernetes-namespace / kubernetes-service-account request tags.`,
      ),
    );
  }
  return problems;
}
