import { compilePattern, splitArn } from '../patterns';
import { OperatorFamily, ValueTest } from './types';

/**
 * ArnEquals and ArnLike behave alike: each of the six colon-separated parts is
 * compared separately, case-sensitively, with `*` and `?` wildcards.
 */
const arnTest: ValueTest = (requestValue, policyValue, resolve) => {
  const policyParts = splitArn(policyValue);
  const requestParts = splitArn(requestValue);
  if (!policyParts || !requestParts) return 'invalid';
  let matches = true;
  for (let i = 0; i < 6; i++) {
    const compiled = compilePattern(policyParts[i], {
      wildcards: true,
      resolve,
    });
    if (!compiled.ok) return 'invalid';
    if (!compiled.regex.test(requestParts[i])) matches = false;
  }
  return matches ? 'match' : 'noMatch';
};

export const arnOperators: OperatorFamily = {
  arnequals: { test: arnTest, negated: false, variables: true },
  arnlike: { test: arnTest, negated: false, variables: true },
  arnnotequals: { test: arnTest, negated: true, variables: true },
  arnnotlike: { test: arnTest, negated: true, variables: true },
};
