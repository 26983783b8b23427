import { arnOperators } from './arn';
import { binaryOperators } from './binary';
import { boolOperators } from './bool';
import { dateOperators } from './date';
import { ipOperators } from './ip';
import { numericOperators } from './numeric';
import { stringOperators } from './string';
import type { OperatorDefinition, OperatorFamily } from './types';

const families: OperatorFamily = {
  ...stringOperators,
  ...numericOperators,
  ...dateOperators,
  ...boolOperators,
  ...binaryOperators,
  ...ipOperators,
  ...arnOperators,
};

export type SetOperator = 'ForAnyValue' | 'ForAllValues';

export type ParsedOperator =
  | { kind: 'null' }
  | {
      kind: 'compare';
      /** As written in the policy, without prefix or suffix. */
      name: string;
      definition: OperatorDefinition;
      setOperator?: SetOperator;
      ifExists: boolean;
    };

/**
 * Parses `[ForAnyValue:|ForAllValues:]<Operator>[IfExists]`, or `Null`.
 * Undefined for an operator IAM does not know.
 */
export function parseOperator(operator: string): ParsedOperator | undefined {
  let rest = operator;
  let setOperator: SetOperator | undefined;
  const colon = rest.indexOf(':');
  if (colon !== -1) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === 'foranyvalue') setOperator = 'ForAnyValue';
    else if (prefix === 'forallvalues') setOperator = 'ForAllValues';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  if (rest.toLowerCase() === 'null') return { kind: 'null' };
  const ifExists = /ifexists$/i.test(rest);
  const name = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  const definition = Object.prototype.hasOwnProperty.call(
    families,
    name.toLowerCase(),
  )
    ? families[name.toLowerCase()]
    : undefined;
  if (!definition) return undefined;
  return { kind: 'compare', name, definition, setOperator, ifExists };
}

/** True for every operator name a policy may use (for the grammar check). */
export function isKnownConditionOperator(operator: string): boolean {
  return parseOperator(operator) !== undefined;
}
