import type { PolicyCondition, PolicyDocument } from '../api/types';

/** A statement with every one-or-many element turned into a list. */
export interface NormalizedStatement {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  condition?: PolicyCondition;
  /** Whether `${...}` is substituted: only in policies with Version 2012-10-17. */
  substituteVariables: boolean;
}

const cache = new WeakMap<PolicyDocument, NormalizedStatement[]>();

function list(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return (Array.isArray(value) ? value : [value]).map(v => String(v));
}

/**
 * The document's statements, normalised once per document object. Statements
 * with an unknown Effect are dropped: IAM would have rejected the policy, and
 * guessing an effect could turn a deny into an allow.
 */
export function statementsOf(document: PolicyDocument): NormalizedStatement[] {
  const cached = cache.get(document);
  if (cached) return cached;
  // The 2008-10-17 grammar has no policy variables: "${...}" is literal text.
  const substituteVariables = document.Version === '2012-10-17';
  const raw = document.Statement;
  const statements = (Array.isArray(raw) ? raw : [raw]).flatMap(
    (s, index): NormalizedStatement[] => {
      if (!s || (s.Effect !== 'Allow' && s.Effect !== 'Deny')) return [];
      return [
        {
          index,
          sid: s.Sid,
          effect: s.Effect,
          action: list(s.Action),
          notAction: list(s.NotAction),
          resource: list(s.Resource),
          notResource: list(s.NotResource),
          condition: s.Condition,
          substituteVariables,
        },
      ];
    },
  );
  cache.set(document, statements);
  return statements;
}
