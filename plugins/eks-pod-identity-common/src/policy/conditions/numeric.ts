import { OperatorFamily, outcome, ValueTest } from './types';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(value: string): number | undefined {
  return NUMBER.test(value.trim()) ? Number(value) : undefined;
}

function numericTest(
  compare: (request: number, policy: number) => boolean,
): ValueTest {
  return (requestValue, policyValue) => {
    const request = parseNumber(requestValue);
    const policy = parseNumber(policyValue);
    if (request === undefined || policy === undefined) return 'invalid';
    return outcome(compare(request, policy));
  };
}

const equals = numericTest((r, p) => r === p);

export const numericOperators: OperatorFamily = {
  numericequals: { test: equals, negated: false, variables: false },
  numericnotequals: { test: equals, negated: true, variables: false },
  numericlessthan: {
    test: numericTest((r, p) => r < p),
    negated: false,
    variables: false,
  },
  numericlessthanequals: {
    test: numericTest((r, p) => r <= p),
    negated: false,
    variables: false,
  },
  numericgreaterthan: {
    test: numericTest((r, p) => r > p),
    negated: false,
    variables: false,
  },
  numericgreaterthanequals: {
    test: numericTest((r, p) => r >= p),
    negated: false,
    variables: false,
  },
};
