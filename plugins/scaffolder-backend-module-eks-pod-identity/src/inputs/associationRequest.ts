import type { ValidationProblem } from '@pod-identity/plugin-eks-pod-identity-common';
import type { AssociationSpec } from '../provisioning/ensureAssociation';
import type { PlatformGuardrails } from '../services/Guardrails';
import type { VerifiedEntity } from '../services/Requesters';
import {
  buildTags,
  checkBoolean,
  checkSessionPolicy,
  parseEntity,
} from './checks';
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
