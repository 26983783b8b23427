/**
 * How one request value compares with one policy value. `invalid` (a value
 * that does not parse, or a policy variable the request cannot resolve) never
 * satisfies a condition, whether the operator is positive or negated.
 */
export type ValueOutcome = 'match' | 'noMatch' | 'invalid';

export type VariableResolver = (key: string) => string | undefined;

export type ValueTest = (
  requestValue: string,
  policyValue: string,
  resolve?: VariableResolver,
) => ValueOutcome;

export interface OperatorDefinition {
  test: ValueTest;
  /** `Not…` operators: true only when every policy value is a clear `noMatch`. */
  negated: boolean;
  /** Whether policy values may hold `${...}` variables. */
  variables: boolean;
}

/** Base operator name, lower-cased → definition. */
export type OperatorFamily = Record<string, OperatorDefinition>;

export const outcome = (matches: boolean): ValueOutcome =>
  matches ? 'match' : 'noMatch';
