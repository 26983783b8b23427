import { compilePattern } from '../patterns';
import { OperatorFamily, outcome, ValueTest } from './types';

function stringTest(wildcards: boolean, ignoreCase: boolean): ValueTest {
  return (requestValue, policyValue, resolve) => {
    const compiled = compilePattern(policyValue, {
      wildcards,
      ignoreCase,
      resolve,
    });
    return compiled.ok ? outcome(compiled.regex.test(requestValue)) : 'invalid';
  };
}

const equals = stringTest(false, false);
const equalsIgnoreCase = stringTest(false, true);
const like = stringTest(true, false);

export const stringOperators: OperatorFamily = {
  stringequals: { test: equals, negated: false, variables: true },
  stringnotequals: { test: equals, negated: true, variables: true },
  stringequalsignorecase: {
    test: equalsIgnoreCase,
    negated: false,
    variables: true,
  },
  stringnotequalsignorecase: {
    test: equalsIgnoreCase,
    negated: true,
    variables: true,
  },
  stringlike: { test: like, negated: false, variables: true },
  stringnotlike: { test: like, negated: true, variables: true },
};
