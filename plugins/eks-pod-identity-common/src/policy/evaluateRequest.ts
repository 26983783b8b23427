import type { MatchedStatement, PolicyKind, PolicyRef } from '../api/types';
import { statementApplies } from './evaluateStatement';
import {
  explainAllowed,
  explainExplicitDeny,
  explainImplicitDeny,
} from './explain';
import { RequestContext } from './requestContext';
import { statementsOf } from './statements';
import type { EvaluationInput, EvaluationResult, NamedPolicy } from './types';

function policyRef(kind: PolicyKind, policy: NamedPolicy): PolicyRef {
  return {
    kind,
    ...(policy.name !== undefined && { name: policy.name }),
    ...(policy.arn !== undefined && { arn: policy.arn }),
  };
}

/**
 * AWS's evaluation logic for an identity-based request within one account
 * (IAM User Guide, "Policy evaluation logic"), for a role session:
 * 1. an explicit Deny in any identity policy, the permissions boundary or the
 *    session policy denies the request;
 * 2. otherwise it is allowed only if an identity policy allows it AND the
 *    boundary (when set) allows it AND the session policy (when set) allows it;
 * 3. otherwise it is implicitly denied.
 */
export function evaluateRequest(input: EvaluationInput): EvaluationResult {
  const { request } = input;
  const context = new RequestContext(request.context);
  const layers: Array<{ kind: PolicyKind; policies: NamedPolicy[] }> = [
    { kind: 'identity', policies: input.identityPolicies },
  ];
  if (input.boundary)
    layers.push({ kind: 'boundary', policies: [input.boundary] });
  if (input.sessionPolicy) {
    layers.push({ kind: 'session', policies: [input.sessionPolicy] });
  }

  const allows = new Map<PolicyKind, MatchedStatement[]>();
  const denies: MatchedStatement[] = [];
  for (const { kind, policies } of layers) {
    allows.set(kind, []);
    for (const policy of policies) {
      for (const statement of statementsOf(policy.document)) {
        if (!statementApplies(statement, request, context)) continue;
        const matched: MatchedStatement = {
          policy: policyRef(kind, policy),
          ...(statement.sid !== undefined && { sid: statement.sid }),
          index: statement.index,
          effect: statement.effect,
        };
        if (statement.effect === 'Deny') denies.push(matched);
        else allows.get(kind)!.push(matched);
      }
    }
  }

  const missingContextKeys = context.missingKeys();
  if (denies.length > 0) {
    return {
      decision: 'explicitDeny',
      matchedStatements: denies,
      explanation: explainExplicitDeny(request, denies, missingContextKeys),
      missingContextKeys,
    };
  }
  const allAllows = [...allows.values()].flat();
  const lacking = layers.find(l => allows.get(l.kind)!.length === 0);
  if (lacking) {
    const lackingRef =
      lacking.kind === 'identity'
        ? 'identity'
        : policyRef(lacking.kind, lacking.policies[0]);
    return {
      decision: 'implicitDeny',
      matchedStatements: allAllows,
      explanation: explainImplicitDeny(request, lackingRef, missingContextKeys),
      missingContextKeys,
    };
  }
  return {
    decision: 'allowed',
    matchedStatements: allAllows,
    explanation: explainAllowed(request, allAllows, missingContextKeys),
    missingContextKeys,
  };
}
