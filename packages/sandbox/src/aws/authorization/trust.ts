import {
  evaluateRequest,
  type ContextValue,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { Caller } from '../context';
import { principalStillNamed } from '../iam/trustPrincipals';
import type { RoleState, SandboxState } from '../../state/model';

/**
 * How a trust statement's principal covers the caller: `principal` when it
 * names the caller itself (its role, session or user ARN, or `*`), `account`
 * when it names the caller's account (which hands the decision to the
 * caller's identity policies).
 */
type PrincipalMatch = 'principal' | 'account' | undefined;

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function matchAwsPrincipal(
  state: SandboxState,
  role: RoleState,
  caller: Caller,
  value: string,
): PrincipalMatch {
  const accountId = caller.account.id;
  if (value === '*') return 'principal';
  if (value === accountId || value === `arn:aws:iam::${accountId}:root`) {
    return 'account';
  }
  if (value === caller.arn) return 'principal';
  const callerEntityArn = caller.session?.roleArn ?? caller.arn;
  if (value === callerEntityArn && principalStillNamed(state, role, value)) {
    return 'principal';
  }
  return undefined;
}

function matchPrincipal(
  state: SandboxState,
  role: RoleState,
  caller: Caller,
  principal: unknown,
): PrincipalMatch {
  if (principal === '*') return 'principal';
  if (!principal || typeof principal !== 'object') return undefined;
  const matches = asList((principal as Record<string, unknown>).AWS).map(v =>
    matchAwsPrincipal(state, role, caller, String(v)),
  );
  if (matches.includes('principal')) return 'principal';
  return matches.includes('account') ? 'account' : undefined;
}

export type TrustDecision = {
  /** An explicit Deny in the trust policy applies. */
  denied: boolean;
  /** The strongest principal match among the Allow statements that apply. */
  allowed: PrincipalMatch;
};

/**
 * Evaluates a role's trust policy for an `sts:AssumeRole` by the caller: the
 * statements whose principal covers the caller are evaluated with the
 * project's evaluator for the action and the conditions (sts:ExternalId,
 * aws:SourceAccount, aws:PrincipalArn, …).
 */
export function evaluateTrust(
  state: SandboxState,
  role: RoleState,
  caller: Caller,
  context: Record<string, ContextValue>,
): TrustDecision {
  const statements = asList(JSON.parse(role.trustPolicy).Statement) as Array<
    Record<string, unknown>
  >;
  const decision: TrustDecision = { denied: false, allowed: undefined };
  for (const statement of statements) {
    const match = matchPrincipal(state, role, caller, statement.Principal);
    if (!match) continue;
    const { Principal: _principal, ...rest } = statement;
    const result = evaluateRequest({
      identityPolicies: [
        {
          name: 'trust policy',
          document: {
            Version: '2012-10-17',
            Statement: [{ ...rest, Resource: '*' }],
          } as never,
        },
      ],
      request: { action: 'sts:AssumeRole', resource: '*', context },
    });
    if (result.decision === 'explicitDeny') decision.denied = true;
    if (result.decision === 'allowed' && decision.allowed !== 'principal') {
      decision.allowed = match;
    }
  }
  return decision;
}
