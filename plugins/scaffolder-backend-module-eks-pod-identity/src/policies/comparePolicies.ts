import {
  PolicyDocument,
  PolicyStatement,
} from '@pod-identity/plugin-eks-pod-identity-common';

function sortedList(value: unknown): unknown {
  const list = Array.isArray(value) ? value : [value];
  return list
    .map(canonical)
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return sortedList(value);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(k => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Statement elements IAM treats as sets, where a string equals a one-item list. */
const SET_ELEMENTS = ['Action', 'NotAction', 'Resource', 'NotResource'];

function canonicalStatement(statement: PolicyStatement): unknown {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(statement)) {
    if (value === undefined) continue;
    out[key] = SET_ELEMENTS.includes(key)
      ? sortedList(value)
      : canonical(value);
  }
  if (out.Principal && typeof out.Principal === 'object') {
    out.Principal = Object.fromEntries(
      Object.entries(out.Principal as Record<string, unknown>).map(([k, v]) => [
        k,
        sortedList(v),
      ]),
    );
  }
  return canonical(out);
}

/**
 * Whether two policy documents say the same thing, ignoring what IAM ignores:
 * key order, statement order, and a single value written without a list.
 */
export function samePolicy(a: PolicyDocument, b: PolicyDocument): boolean {
  const norm = (d: PolicyDocument) =>
    JSON.stringify(
      (Array.isArray(d.Statement) ? d.Statement : [d.Statement])
        .map(canonicalStatement)
        .map(s => JSON.stringify(s))
        .sort(),
    );
  return norm(a) === norm(b);
}
