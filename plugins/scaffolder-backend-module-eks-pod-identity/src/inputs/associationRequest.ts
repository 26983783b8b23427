import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  PolicyStatement,
  ValidationProblem,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { toList } from '../policies/statements';
import type { ResolvedCluster } from '../services/ClusterResolver';
import type { AssociationSpec } from '../provisioning/ensureAssociation';
import type { PlatformGuardrails } from '../services/Guardrails';
import type { VerifiedEntity } from '../services/Requesters';
import {
  buildTags,
  checkBoolean,
  checkSessionPolicy,
  parseEntity,
} from './checks';
import {
  existingPlannedRole,
  judgePlan,
  PlanFinding,
  PlanJudgeDeps,
} from './planFindings';
import { checkTargetRoleArn } from './roleRequest';

export interface AssociationRequestInput {
  namespace: string;
  serviceAccount: string;
  targetRoleArn?: string;
  disableSessionTags?: boolean;
  sessionPolicy?: string | Record<string, unknown>;
  tags?: Record<string, string>;
  entityRef?: string;
}

/** Association settings that can be checked without any call. */
export function checkAssociationRequest(
  input: AssociationRequestInput,
  guardrails: PlatformGuardrails,
): ValidationProblem[] {
  const entity = parseEntity(input.entityRef);
  return [
    ...checkBoolean(input.disableSessionTags, 'disableSessionTags'),
    ...checkSessionPolicy(
      input.sessionPolicy,
      input.disableSessionTags === true,
    ).problems,
    ...checkTargetRoleArn(input.targetRoleArn, guardrails),
    ...entity.problems,
    ...buildTags(input.tags, undefined, guardrails).problems,
  ];
}

/** The association to make; call after checkAssociationRequest passed. */
export function buildAssociationSpec(
  input: AssociationRequestInput,
  roleArn: string,
  guardrails: PlatformGuardrails,
  entity: VerifiedEntity | undefined,
): AssociationSpec {
  const disableSessionTags = input.disableSessionTags === true;
  return {
    namespace: input.namespace,
    serviceAccount: input.serviceAccount,
    roleArn,
    targetRoleArn: input.targetRoleArn || undefined,
    disableSessionTags,
    sessionPolicy: checkSessionPolicy(input.sessionPolicy, disableSessionTags)
      .document,
    tags: buildTags(input.tags, entity, guardrails).tags,
  };
}

/**
 * Judges an association to an existing role (and its target role) with the
 * access analysis: the role must pass what a created role would. `field` is
 * the input that names the role.
 */
export async function judgeAssociationSpec(
  deps: PlanJudgeDeps,
  logger: LoggerService,
  spec: AssociationSpec,
  cluster: ResolvedCluster,
  options: {
    field?: string;
    /** A statement the action adds to the role's trust policy (irsa:migrate). */
    addTrustStatement?: PolicyStatement;
    /** The input that decides that statement. */
    trustField?: string;
  } = {},
): Promise<PlanFinding[]> {
  const { planned, policies } = await existingPlannedRole(
    deps.iam,
    spec.roleArn,
    options.field ?? 'roleArn',
  );
  if (options.trustField) planned.trustField = options.trustField;
  if (options.addTrustStatement) {
    const trust = planned.role.trustPolicy;
    planned.role.trustPolicy = {
      ...trust,
      Statement: [...toList(trust.Statement), options.addTrustStatement],
    };
  }
  return judgePlan(
    deps,
    logger,
    {
      cluster,
      role: planned,
      association: {
        namespace: spec.namespace,
        serviceAccount: spec.serviceAccount,
        targetRoleArn: spec.targetRoleArn,
        disableSessionTags: spec.disableSessionTags,
        sessionPolicy: spec.sessionPolicy,
      },
      makesAssociation: true,
    },
    policies,
  );
}
