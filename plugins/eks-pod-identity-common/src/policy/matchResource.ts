import { compilePattern, splitArn } from './patterns';
import type { RequestContext } from './requestContext';
import type { NormalizedStatement } from './statements';

type Outcome = 'match' | 'noMatch' | 'unresolved';

/**
 * ARN matching is case-sensitive and segment by segment: a wildcard in the
 * partition, service, region or account segment never spans a colon; in the
 * resource segment it spans anything. A policy ARN with fewer than six
 * segments is not a valid resource and matches nothing.
 */
export function resourcePatternMatches(
  pattern: string,
  resource: string,
  context?: RequestContext,
): Outcome {
  if (pattern === '*') return 'match';
  const patternParts = splitArn(pattern);
  const resourceParts = splitArn(resource);
  if (!patternParts || !resourceParts) return 'noMatch';
  // Segments in order: a segment that plainly differs settles it, even when a
  // later segment holds a variable the request cannot resolve.
  for (let i = 0; i < 6; i++) {
    const compiled = compilePattern(patternParts[i], {
      wildcards: true,
      resolve: context ? key => context.variable(key) : undefined,
    });
    if (!compiled.ok) return 'unresolved';
    if (!compiled.regex.test(resourceParts[i])) return 'noMatch';
  }
  return 'match';
}

/**
 * Resource: any pattern matches. NotResource: every pattern is known not to
 * match; a pattern whose variable cannot be resolved leaves the statement
 * unmatched rather than widening it.
 */
export function statementMatchesResource(
  statement: NormalizedStatement,
  resource: string,
  context: RequestContext,
): boolean {
  const ctx = statement.substituteVariables ? context : undefined;
  if (statement.resource) {
    return statement.resource.some(
      p => resourcePatternMatches(p, resource, ctx) === 'match',
    );
  }
  if (statement.notResource) {
    return statement.notResource.every(
      p => resourcePatternMatches(p, resource, ctx) === 'noMatch',
    );
  }
  return false;
}
