import {
  POD_IDENTITY_PRINCIPAL,
  POD_IDENTITY_TRUST_ACTIONS,
  PolicyStatement,
  SESSION_TAG_NAMESPACE,
  SESSION_TAG_SERVICE_ACCOUNT,
  TRUST_SCOPES,
  type TrustScope,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { StatementList } from './statements';

// The scopes are a guardrail setting too, so they live in -common.
export { TRUST_SCOPES, type TrustScope };

export const POD_IDENTITY_TRUST_SID = 'EksPodIdentity';

export interface TrustTarget {
  accountId: string;
  clusterArn: string;
  namespace?: string;
  serviceAccount?: string;
}

/** The Pod Identity statement of a role's trust policy. */
export function podIdentityTrustStatement(
  target: TrustTarget,
  scope: TrustScope,
): PolicyStatement {
  const statement: PolicyStatement = {
    Sid: POD_IDENTITY_TRUST_SID,
    Effect: 'Allow',
    Principal: { Service: POD_IDENTITY_PRINCIPAL },
    Action: [...POD_IDENTITY_TRUST_ACTIONS],
  };
  if (scope === 'none') return statement;
  const equals: Record<string, string> = {
    'aws:SourceAccount': target.accountId,
  };
  if (scope === 'service-account') {
    equals[`aws:RequestTag/${SESSION_TAG_NAMESPACE}`] = target.namespace!;
    equals[`aws:RequestTag/${SESSION_TAG_SERVICE_ACCOUNT}`] =
      target.serviceAccount!;
  }
  statement.Condition = {
    StringEquals: equals,
    ArnEquals: { 'aws:SourceArn': target.clusterArn },
  };
  return statement;
}

/** The trust policy of a role the actions create: Pod Identity only. */
export function buildTrustPolicy(
  target: TrustTarget,
  scope: TrustScope,
): StatementList {
  return {
    Version: '2012-10-17',
    Statement: [podIdentityTrustStatement(target, scope)],
  };
}

/**
 * What the target role of a cross-account association must trust: the
 * association's role, for exactly the two calls EKS makes when chaining, and
 * (once EKS has issued it) the association's external id.
 */
export function buildTargetTrustPolicy(
  sourceRoleArn: string,
  externalId?: string,
): StatementList {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EksPodIdentityRoleChain',
        Effect: 'Allow',
        Principal: { AWS: sourceRoleArn },
        Action: [...POD_IDENTITY_TRUST_ACTIONS],
        ...(externalId
          ? { Condition: { StringEquals: { 'sts:ExternalId': externalId } } }
          : {}),
      },
    ],
  };
}

/** The permission the association's role needs on a cross-account target, and nothing more. */
export function buildRoleChainPolicy(targetRoleArn: string): StatementList {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AssumeTargetRole',
        Effect: 'Allow',
        Action: [...POD_IDENTITY_TRUST_ACTIONS],
        Resource: targetRoleArn,
      },
    ],
  };
}
