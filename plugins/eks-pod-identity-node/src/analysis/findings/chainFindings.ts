import {
  evaluateRequest,
  Finding,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  AssociationRecord,
  ClusterInventory,
  RoleRecord,
} from '../../inventory/types';
import { principalContext } from '../access/principalContext';
import { podIdentityTrustRequest } from '../trust/podIdentityRequest';
import {
  askTrust,
  rolePrincipal,
  trustStatementsFor,
} from '../trust/trustStatements';
import type { FindingContext } from './context';
import { associationSubject, describeServiceAccount, finding } from './finding';

/** EKS assumes the target role from the association's role, passing the session tags. */
const CHAIN_ACTIONS = ['sts:AssumeRole', 'sts:TagSession'];

/** What the association role's own policies say about calling the chain actions on the target. */
function sourceGaps(
  role: RoleRecord,
  cluster: ClusterInventory,
  association: AssociationRecord,
  context: FindingContext,
): string[] {
  const { unreadablePolicyArns, ...policies } = context.index.policiesOf(role);
  if (unreadablePolicyArns.length > 0) return [];
  const principal = principalContext(role, {
    kind: 'podIdentity',
    cluster: cluster.cluster,
    association,
  });
  return CHAIN_ACTIONS.flatMap(action => {
    const result = evaluateRequest({
      ...policies,
      request: {
        action,
        resource: association.targetRoleArn!,
        context: principal.values,
      },
    });
    if (result.decision === 'allowed') return [];
    if (result.missingContextKeys.some(k => !principal.knownAbsent(k)))
      return [];
    return [
      `the role's policies do not let it call ${action}: ${result.explanation}`,
    ];
  });
}

/** What the target role's trust policy says about the association role calling it. */
function targetGaps(
  role: RoleRecord,
  target: RoleRecord,
  cluster: ClusterInventory,
  association: AssociationRecord,
): string[] {
  const statements = trustStatementsFor(
    target.trustPolicy,
    rolePrincipal(role.arn, role.accountId),
  );
  const principal = principalContext(role, {
    kind: 'podIdentity',
    cluster: cluster.cluster,
    association,
  });
  return CHAIN_ACTIONS.flatMap(action => {
    const request = podIdentityTrustRequest(
      action,
      cluster.cluster,
      association,
    );
    const answer = askTrust(statements, target.trustPolicy.Version, {
      action,
      context: {
        ...principal.values,
        ...request.context,
        ...(association.externalId
          ? { 'sts:ExternalId': association.externalId }
          : {}),
      },
      knownAbsent: key =>
        principal.knownAbsent(key) ||
        request.knownAbsent(key) ||
        (key.toLowerCase() === 'sts:externalid' && !association.externalId),
    });
    if (answer.outcome !== 'denied') return [];
    return [
      `the trust policy of ${target.arn} does not let ${role.arn} call ${action}: ${answer.explanation}`,
    ];
  });
}

/** TARGET_ROLE_CHAIN_BROKEN, checked from both ends of the chain. */
export function chainFindings(context: FindingContext): Finding[] {
  return context.index.clusters.flatMap(cluster =>
    cluster.associations.flatMap(association => {
      const targetArn = association.targetRoleArn;
      if (!targetArn) return [];
      const source = context.index.role(association.roleArn);
      if (source.state !== 'found') return [];
      const target = context.index.role(targetArn);
      const gaps = [
        ...sourceGaps(source.role, cluster, association, context),
        ...(target.state === 'found'
          ? targetGaps(source.role, target.role, cluster, association)
          : []),
      ];
      if (gaps.length === 0) return [];
      const name = cluster.cluster.name;
      return [
        finding({
          code: 'TARGET_ROLE_CHAIN_BROKEN',
          subject: associationSubject(association),
          cluster: name,
          detail: `The association ${
            association.associationId
          } of ${describeServiceAccount(name, association)} chains from ${
            association.roleArn
          } to the target role ${targetArn}, but ${gaps.join('; and ')}`,
          remediation: `Allow both steps: give ${
            association.roleArn
          } {"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession"], "Resource": "${targetArn}"}, and let the trust policy of ${targetArn} allow the same two actions for "AWS": "${
            association.roleArn
          }"${
            association.externalId
              ? ` with sts:ExternalId ${association.externalId}`
              : ''
          }.`,
        }),
      ];
    }),
  );
}
