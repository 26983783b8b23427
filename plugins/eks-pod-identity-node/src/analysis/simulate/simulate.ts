import {
  ANNOTATION_IRSA_ROLE_ARN,
  evaluateRequest,
  Finding,
  formatServiceAccountRef,
  SimulateResult,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  AssociationRecord,
  ClusterInventory,
  RoleRecord,
} from '../../inventory/types';
import { principalContext, PrincipalSession } from '../access/principalContext';
import type { InventoryIndex } from '../InventoryIndex';
import type { ServiceAccountKey, SimulationQuestion } from '../types';

/** Findings that mean the pods get no credentials at all, whatever the policies say. */
const BLOCKING = new Set([
  'AGENT_MISSING',
  'TRUST_MISSING_PRINCIPAL',
  'TRUST_MISSING_TAG_SESSION',
  'UNSUPPORTED_COMPUTE',
  'PODS_PREDATE_ASSOCIATION',
  'TARGET_ROLE_CHAIN_BROKEN',
]);

export interface SimulationDeps {
  index: InventoryIndex;
  /** Findings that concern the association (its own, its roles', its cluster's). */
  findingsOf(association: AssociationRecord, cluster: string): Finding[];
}

type Base = Pick<
  SimulateResult,
  'cluster' | 'namespace' | 'serviceAccount' | 'roleArn'
> &
  Partial<Pick<SimulateResult, 'targetRoleArn'>>;

function cannotTell(base: Base, explanation: string): SimulateResult {
  return {
    ...base,
    decision: 'implicitDeny',
    undetermined: true,
    statements: [],
    explanation,
    missingContextKeys: [],
  };
}

function evaluateAs(
  base: Base,
  index: InventoryIndex,
  role: RoleRecord,
  session: PrincipalSession,
  question: SimulationQuestion,
  sessionPolicy: AssociationRecord['sessionPolicy'],
  preface: string,
): SimulateResult {
  const { unreadablePolicyArns, ...policies } = index.policiesOf(role);
  const principal = principalContext(role, session);
  const result = evaluateRequest({
    ...policies,
    ...(sessionPolicy ? { sessionPolicy: { document: sessionPolicy } } : {}),
    request: {
      action: question.action,
      resource: question.resource,
      // What the principal is (its ARN, tags, session tags) is not the caller's to change.
      context: { ...question.context, ...principal.values },
    },
  });
  const unreadable = unreadablePolicyArns.length > 0;
  if (unreadable && result.decision !== 'explicitDeny') {
    return cannotTell(
      base,
      `${preface}Cannot tell: the inventory could not read ${unreadablePolicyArns.join(
        ', ',
      )}, which ${role.arn} uses; the answer depends on ${
        unreadablePolicyArns.length === 1 ? 'it' : 'them'
      }.`,
    );
  }
  return {
    ...base,
    decision: result.decision,
    statements: result.matchedStatements,
    explanation: `${preface}${result.explanation}`,
    missingContextKeys: result.missingContextKeys,
  };
}

function blockingNote(findings: Finding[]): string {
  const blocking = findings.filter(f => BLOCKING.has(f.code));
  if (blocking.length === 0) return '';
  return ` Note: ${blocking
    .map(f => f.code)
    .filter((c, i, all) => all.indexOf(c) === i)
    .join(
      ', ',
    )} — pods may not receive these credentials at all; see the findings.`;
}

function throughAssociation(
  deps: SimulationDeps,
  cluster: ClusterInventory,
  association: AssociationRecord,
  base: Base,
  question: SimulationQuestion,
): SimulateResult {
  const { index } = deps;
  const session: PrincipalSession = {
    kind: 'podIdentity',
    cluster: cluster.cluster,
    association,
  };
  const role = index.role(association.roleArn);
  if (role.state === 'notFound') {
    return {
      ...base,
      decision: 'implicitDeny',
      statements: [],
      explanation: `Denied: the association's role ${association.roleArn} does not exist, so pods of this service account get no AWS credentials.`,
      missingContextKeys: [],
    };
  }
  if (role.state === 'unknown') {
    return cannotTell(
      base,
      `Cannot tell: role ${association.roleArn} is not in the inventory (${role.reason}).`,
    );
  }
  const note = blockingNote(deps.findingsOf(association, cluster.cluster.name));
  const targetArn = association.targetRoleArn;
  if (!targetArn) {
    const result = evaluateAs(
      base,
      index,
      role.role,
      session,
      question,
      association.sessionPolicy,
      '',
    );
    return { ...result, explanation: result.explanation + note };
  }
  const target = index.role(targetArn);
  const preface = `Pods use the target role ${targetArn}, assumed through ${association.roleArn}. `;
  if (target.state === 'notFound') {
    return {
      ...base,
      decision: 'implicitDeny',
      statements: [],
      explanation: `${preface}Denied: the target role does not exist, so the chain fails and pods get no AWS credentials.`,
      missingContextKeys: [],
    };
  }
  if (target.state === 'unknown') {
    return cannotTell(
      base,
      `${preface}Cannot tell: the target role's policies are not in the inventory (${target.reason}); only the target role decides what the pods may do.`,
    );
  }
  const result = evaluateAs(
    base,
    index,
    target.role,
    session,
    question,
    association.sessionPolicy,
    preface,
  );
  return { ...result, explanation: result.explanation + note };
}

/**
 * The simulation for one service account: through its Pod Identity
 * association (the target role when it chains to one), else through its IRSA
 * role; undefined when its pods have neither.
 */
export function simulateServiceAccount(
  deps: SimulationDeps,
  key: ServiceAccountKey,
  question: SimulationQuestion,
): SimulateResult | undefined {
  const ref = formatServiceAccountRef(key);
  const found = deps.index.associationOf(ref);
  if (found) {
    const { cluster, association } = found;
    return throughAssociation(
      deps,
      cluster,
      association,
      {
        ...key,
        roleArn: association.roleArn,
        ...(association.targetRoleArn
          ? { targetRoleArn: association.targetRoleArn }
          : {}),
      },
      question,
    );
  }
  const irsaRoleArn = deps.index.serviceAccount(ref)?.irsaRoleArn;
  if (!irsaRoleArn) return undefined;
  const base = { ...key, roleArn: irsaRoleArn };
  const preface = `Through IRSA (${ANNOTATION_IRSA_ROLE_ARN}: ${irsaRoleArn}); the service account has no Pod Identity association. `;
  const role = deps.index.role(irsaRoleArn);
  if (role.state === 'notFound') {
    return {
      ...base,
      decision: 'implicitDeny',
      statements: [],
      explanation: `${preface}Denied: the role does not exist.`,
      missingContextKeys: [],
    };
  }
  if (role.state === 'unknown') {
    return cannotTell(
      base,
      `${preface}Cannot tell: the role is not in the inventory (${role.reason}).`,
    );
  }
  return evaluateAs(
    base,
    deps.index,
    role.role,
    { kind: 'irsa' },
    question,
    undefined,
    preface,
  );
}
