import { substituteVariables } from '../patterns';
import { OperatorFamily, outcome, ValueTest } from './types';

const isBool = (v: string) => v === 'true' || v === 'false';

const boolTest: ValueTest = (requestValue, policyValue, resolve) => {
  const resolved = substituteVariables(policyValue, resolve);
  if (!resolved.ok) return 'invalid';
  const policy = resolved.value.toLowerCase();
  const request = requestValue.toLowerCase();
  if (!isBool(policy) || !isBool(request)) return 'invalid';
  return outcome(policy === request);
};

export const boolOperators: OperatorFamily = {
  bool: { test: boolTest, negated: false, variables: true },
};
