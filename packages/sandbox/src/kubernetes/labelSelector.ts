/**
 * Label selectors: the `labelSelector` query string (`a=b,c!=d,e in (x,y),f notin (z),g,!h`)
 * and the structured `LabelSelector` of workload specs, both reduced to requirements.
 */
import { badRequest } from './status';
import { labelValueProblem, qualifiedNameProblem } from './validation';

export type Requirement =
  | { key: string; operator: 'in' | 'notin'; values: string[] }
  | { key: string; operator: 'exists' | 'doesnotexist' };

export function matchesRequirements(
  labels: Record<string, string> | undefined,
  requirements: Requirement[],
) {
  return requirements.every(r => {
    const has =
      labels !== undefined &&
      Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case 'exists':
        return has;
      case 'doesnotexist':
        return !has;
      case 'in':
        return has && r.values.includes(labels![r.key]);
      case 'notin':
        // As in Kubernetes, `!=` and `notin` also select objects without the label.
        return !has || !r.values.includes(labels![r.key]);
      default:
        return false;
    }
  });
}

type Token = {
  kind: 'word' | 'op' | 'comma' | 'open' | 'close' | 'end';
  text: string;
};

const SPECIAL = /[\s!=,()]/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === ',') {
      tokens.push({ kind: 'comma', text: c });
      i++;
    } else if (c === '(') {
      tokens.push({ kind: 'open', text: c });
      i++;
    } else if (c === ')') {
      tokens.push({ kind: 'close', text: c });
      i++;
    } else if (c === '!' || c === '=') {
      const two = text.slice(i, i + 2);
      const op = two === '==' || two === '!=' ? two : c;
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else {
      let j = i;
      while (j < text.length && !SPECIAL.test(text[j])) j++;
      tokens.push({ kind: 'word', text: text.slice(i, j) });
      i = j;
    }
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}

function parseError(found: Token, expected: string) {
  const shown = found.kind === 'end' ? 'end of string' : `'${found.text}'`;
  return badRequest(
    `unable to parse requirement: found ${shown}, expected: ${expected}`,
  );
}

function checkKey(key: string) {
  const problem = qualifiedNameProblem(key);
  if (problem)
    throw badRequest(
      `unable to parse requirement: invalid label key "${key}": ${problem}`,
    );
  return key;
}

function checkValue(value: string) {
  const problem = labelValueProblem(value);
  if (problem)
    throw badRequest(
      `unable to parse requirement: invalid label value: "${value}": ${problem}`,
    );
  return value;
}

/** Parses a `labelSelector` query parameter; throws a 400 Status error naming what is wrong. */
export function parseLabelSelector(text: string): Requirement[] {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];

  const requirements: Requirement[] = [];
  if (peek().kind === 'end') return requirements;

  for (;;) {
    requirements.push(parseRequirement());
    const t = next();
    if (t.kind === 'end') return requirements;
    if (t.kind !== 'comma') throw parseError(t, "',' or end of string");
  }

  function parseRequirement(): Requirement {
    const first = next();
    if (first.kind === 'op' && first.text === '!') {
      const key = next();
      if (key.kind !== 'word') throw parseError(key, 'label key');
      return { key: checkKey(key.text), operator: 'doesnotexist' };
    }
    if (first.kind !== 'word') throw parseError(first, "label key or '!'");
    const key = checkKey(first.text);
    const op = peek();
    if (op.kind === 'comma' || op.kind === 'end')
      return { key, operator: 'exists' };
    next();
    if (op.kind === 'op' && op.text !== '!') {
      const value = peek().kind === 'word' ? next().text : '';
      return {
        key,
        operator: op.text === '!=' ? 'notin' : 'in',
        values: [checkValue(value)],
      };
    }
    if (op.kind === 'word' && (op.text === 'in' || op.text === 'notin')) {
      return { key, operator: op.text, values: parseValueSet() };
    }
    throw parseError(op, "'=', '==', '!=', 'in', 'notin'");
  }

  function parseValueSet(): string[] {
    const open = next();
    if (open.kind !== 'open') throw parseError(open, "'('");
    const values: string[] = [];
    for (;;) {
      const t = next();
      if (t.kind === 'word') values.push(checkValue(t.text));
      else if (t.kind === 'close' && values.length === 0) return values;
      else throw parseError(t, 'label value');
      const after = next();
      if (after.kind === 'close') return values;
      if (after.kind !== 'comma') throw parseError(after, "',' or ')'");
    }
  }
}

export type StructuredSelector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values?: string[];
  }>;
};

/** Requirements of a workload's `spec.selector`; throws when an operator is unknown. */
export function requirementsOf(selector: StructuredSelector): Requirement[] {
  const fromLabels: Requirement[] = Object.entries(
    selector.matchLabels ?? {},
  ).map(([key, value]) => ({
    key,
    operator: 'in',
    values: [value],
  }));
  const fromExpressions: Requirement[] = (selector.matchExpressions ?? []).map(
    e => {
      switch (e.operator) {
        case 'In':
          return { key: e.key, operator: 'in', values: e.values ?? [] };
        case 'NotIn':
          return { key: e.key, operator: 'notin', values: e.values ?? [] };
        case 'Exists':
          return { key: e.key, operator: 'exists' };
        case 'DoesNotExist':
          return { key: e.key, operator: 'doesnotexist' };
        default:
          throw badRequest(
            `"${e.operator}" is not a valid label selector operator`,
          );
      }
    },
  );
  return [...fromLabels, ...fromExpressions];
}
