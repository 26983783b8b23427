import type { ContextValue, PolicyCondition } from '../../api/types';
import type { RequestContext } from '../requestContext';
import { parseOperator } from './operators';
import type { OperatorDefinition, VariableResolver } from './types';

/** One request value against the policy values: positive = any match, negated = all clear non-matches. */
function valueSatisfies(
  definition: OperatorDefinition,
  requestValue: string,
  policyValues: string[],
  resolve: VariableResolver | undefined,
): boolean {
  const outcomes = policyValues.map(p =>
    definition.test(requestValue, p, resolve),
  );
  return definition.negated
    ? outcomes.every(o => o === 'noMatch')
    : outcomes.some(o => o === 'match');
}

function asStrings(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map(v => String(v));
}

/**
 * One operator + key + values. Per the IAM condition reference:
 * - absent key: false, except `…IfExists` and negated operators (true), and
 *   `ForAllValues:` (true: every one of no values matches); `ForAnyValue:` false;
 * - `Null`: "true" holds when the key is absent, "false" when present;
 * - a multivalued key needs a set operator: without one the condition is false;
 * - several policy values are ORed (for a negated operator: none may match).
 */
function evaluateOne(
  operator: string,
  key: string,
  rawPolicyValues: unknown,
  context: RequestContext,
  substituteVariables: boolean,
): boolean {
  const parsed = parseOperator(operator);
  const policyValues = asStrings(rawPolicyValues);
  const value: ContextValue | undefined = context.get(key);
  if (!parsed) return false;
  if (parsed.kind === 'null') {
    const want = value === undefined ? 'true' : 'false';
    return policyValues.some(v => v.toLowerCase() === want);
  }
  const { definition, setOperator, ifExists } = parsed;
  if (value === undefined) {
    if (setOperator === 'ForAllValues') return true;
    if (ifExists) return true;
    if (setOperator === 'ForAnyValue') return false;
    return definition.negated;
  }
  const resolve =
    substituteVariables && definition.variables
      ? (k: string) => context.variable(k)
      : undefined;
  if (setOperator) {
    const requestValues = Array.isArray(value) ? value : [value];
    const satisfied = requestValues.map(v =>
      valueSatisfies(definition, v, policyValues, resolve),
    );
    return setOperator === 'ForAnyValue'
      ? satisfied.some(Boolean)
      : satisfied.every(Boolean);
  }
  if (Array.isArray(value)) return false;
  return valueSatisfies(definition, value, policyValues, resolve);
}

/**
 * A Condition block holds when every operator holds, and an operator holds
 * when every key under it holds. Every key is evaluated (no short-circuit) so
 * that all keys the block depends on are seen by the context.
 */
export function evaluateConditionBlock(
  condition: PolicyCondition | undefined,
  context: RequestContext,
  substituteVariables: boolean,
): boolean {
  if (!condition) return true;
  let holds = true;
  for (const [operator, keys] of Object.entries(condition)) {
    for (const [key, values] of Object.entries(keys ?? {})) {
      if (!evaluateOne(operator, key, values, context, substituteVariables)) {
        holds = false;
      }
    }
  }
  return holds;
}
