import { OperatorFamily, outcome, ValueTest } from './types';

/** Both sides are base64 text; equal encodings are equal bytes. */
const binaryTest: ValueTest = (requestValue, policyValue) =>
  outcome(requestValue === policyValue);

export const binaryOperators: OperatorFamily = {
  binaryequals: { test: binaryTest, negated: false, variables: false },
};
