import { OperatorFamily, outcome, ValueTest } from './types';

/** ISO 8601 date/time, or UNIX epoch seconds (an integer). In milliseconds. */
export function parseIamDate(value: string): number | undefined {
  const trimmed = value.trim();
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : ms;
}

function dateTest(
  compare: (request: number, policy: number) => boolean,
): ValueTest {
  return (requestValue, policyValue) => {
    const request = parseIamDate(requestValue);
    const policy = parseIamDate(policyValue);
    if (request === undefined || policy === undefined) return 'invalid';
    return outcome(compare(request, policy));
  };
}

const equals = dateTest((r, p) => r === p);

export const dateOperators: OperatorFamily = {
  dateequals: { test: equals, negated: false, variables: false },
  datenotequals: { test: equals, negated: true, variables: false },
  datelessthan: {
    test: dateTest((r, p) => r < p),
    negated: false,
    variables: false,
  },
  datelessthanequals: {
    test: dateTest((r, p) => r <= p),
    negated: false,
    variables: false,
  },
  dategreaterthan: {
    test: dateTest((r, p) => r > p),
    negated: false,
    variables: false,
  },
  dategreaterthanequals: {
    test: dateTest((r, p) => r >= p),
    negated: false,
    variables: false,
  },
};
