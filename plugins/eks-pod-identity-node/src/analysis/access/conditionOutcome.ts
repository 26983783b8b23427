import {
  evaluateRequest,
  PolicyCondition,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { PrincipalContext } from './principalContext';
import { conditionKeys } from './referencedKeys';

/**
 * A condition block judged with only part of the request context known:
 * `holds` or `fails` whatever the rest of the request, or `unknown`.
 */
export type ConditionOutcome = 'holds' | 'fails' | 'unknown';

const cache = new WeakMap<PolicyCondition, Map<string, ConditionOutcome>>();

/**
 * One operator and key, evaluated with the engine of -common (so operators,
 * IfExists, set operators and variables behave exactly as in a simulation)
 * on a statement that matches everything but its condition. Keys the engine
 * consulted but the context lacks decide whether the answer is final.
 */
function pairOutcome(
  condition: PolicyCondition,
  version: string | undefined,
  context: PrincipalContext,
): ConditionOutcome {
  const result = evaluateRequest({
    identityPolicies: [
      {
        document: {
          ...(version ? { Version: version } : {}),
          Statement: [
            {
              Effect: 'Allow',
              Action: '*',
              Resource: '*',
              Condition: condition,
            },
          ],
        },
      },
    ],
    request: {
      action: 'condition:Evaluate',
      resource: '*',
      context: context.values,
    },
  });
  const unknown = result.missingContextKeys.some(
    key => !context.knownAbsent(key),
  );
  if (unknown) return 'unknown';
  return result.decision === 'allowed' ? 'holds' : 'fails';
}

/**
 * A block holds when every operator-key pair holds; one pair that fails
 * whatever the unknown keys makes the whole block fail.
 */
export function conditionOutcome(
  condition: PolicyCondition,
  version: string | undefined,
  context: PrincipalContext,
): ConditionOutcome {
  const contextKey = context.cacheKey(conditionKeys(condition));
  let byContext = cache.get(condition);
  const cached = byContext?.get(contextKey);
  if (cached) return cached;

  let outcome: ConditionOutcome = 'holds';
  for (const [operator, keys] of Object.entries(condition)) {
    for (const [key, values] of Object.entries(keys ?? {})) {
      const pair = pairOutcome(
        { [operator]: { [key]: values } },
        version,
        context,
      );
      if (pair === 'fails') outcome = 'fails';
      else if (pair === 'unknown' && outcome === 'holds') outcome = 'unknown';
    }
  }
  if (!byContext) {
    byContext = new Map();
    cache.set(condition, byContext);
  }
  byContext.set(contextKey, outcome);
  return outcome;
}
