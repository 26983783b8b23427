/**
 * IAM string patterns: `*` and `?` wildcards, and `${...}` policy variables
 * with their literal escapes `${*}`, `${?}`, `${$}` and defaults
 * `${key, 'default'}`. A substituted value is always literal text.
 */

export interface PatternOptions {
  wildcards: boolean;
  ignoreCase?: boolean;
  /** Resolves a variable to its single value. Without it, `${...}` is literal text. */
  resolve?: (key: string) => string | undefined;
}

export type CompiledPattern =
  | { ok: true; regex: RegExp }
  | { ok: false; unresolved: string };

type Piece = { literal: string } | { wildcard: '*' | '?' };

const ESCAPES = new Set(['*', '?', '$']);
const VARIABLE = /^\s*([^,]+?)\s*(?:,\s*'([^']*)'\s*)?$/;

/** Splits a pattern into literal text and wildcards, substituting variables. */
function pieces(
  pattern: string,
  options: PatternOptions,
): { ok: true; pieces: Piece[] } | { ok: false; unresolved: string } {
  const out: Piece[] = [];
  let literal = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (options.resolve && ch === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i + 2);
      if (end !== -1) {
        const inner = pattern.slice(i + 2, end);
        i = end;
        if (ESCAPES.has(inner)) {
          literal += inner;
          continue;
        }
        const match = VARIABLE.exec(inner);
        const value = match ? options.resolve(match[1]) ?? match[2] : undefined;
        if (value === undefined) {
          return { ok: false, unresolved: match ? match[1] : inner };
        }
        literal += value;
        continue;
      }
    }
    if (options.wildcards && (ch === '*' || ch === '?')) {
      if (literal) out.push({ literal });
      literal = '';
      out.push({ wildcard: ch });
    } else {
      literal += ch;
    }
  }
  if (literal) out.push({ literal });
  return { ok: true, pieces: out };
}

/** The value with its variables substituted (no wildcards), for exact comparisons. */
export function substituteVariables(
  value: string,
  resolve?: (key: string) => string | undefined,
): { ok: true; value: string } | { ok: false; unresolved: string } {
  const result = pieces(value, { wildcards: false, resolve });
  if (!result.ok) return result;
  return {
    ok: true,
    value: result.pieces.map(p => ('literal' in p ? p.literal : '')).join(''),
  };
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 10_000;

export function compilePattern(
  pattern: string,
  options: PatternOptions,
): CompiledPattern {
  const cacheable = !(options.resolve && pattern.includes('${'));
  const cacheKey = `${options.wildcards ? 'w' : '-'}${
    options.ignoreCase ? 'i' : '-'
  }${pattern}`;
  if (cacheable) {
    const cached = cache.get(cacheKey);
    if (cached) return { ok: true, regex: cached };
  }
  const result = pieces(
    pattern,
    cacheable ? { ...options, resolve: undefined } : options,
  );
  if (!result.ok) return result;
  const source = result.pieces
    .map(p => {
      if ('literal' in p) return escapeRegex(p.literal);
      return p.wildcard === '*' ? '[\\s\\S]*' : '[\\s\\S]';
    })
    .join('');
  const regex = new RegExp(`^${source}$`, options.ignoreCase ? 'i' : '');
  if (cacheable) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(cacheKey, regex);
  }
  return { ok: true, regex };
}

/** Plain wildcard match, no variables. */
export function matchesWildcard(
  pattern: string,
  value: string,
  ignoreCase = false,
): boolean {
  const compiled = compilePattern(pattern, { wildcards: true, ignoreCase });
  return compiled.ok && compiled.regex.test(value);
}

/**
 * Splits an ARN (or ARN pattern) into its six colon-separated parts; the last
 * part keeps any further colons. Colons inside `${...}` do not split.
 * Returns undefined for anything that is not `arn:` plus five more parts.
 */
export function splitArn(arn: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < arn.length && parts.length < 5; i++) {
    if (arn[i] === '$' && arn[i + 1] === '{') {
      const end = arn.indexOf('}', i + 2);
      if (end !== -1) {
        i = end;
        continue;
      }
    }
    if (arn[i] === ':') {
      parts.push(arn.slice(start, i));
      start = i + 1;
    }
  }
  if (parts.length < 5) return undefined;
  parts.push(arn.slice(start));
  return parts[0] === 'arn' ? parts : undefined;
}
