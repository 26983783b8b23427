import { InputError } from '@backstage/errors';
import type { ErrorRequestHandler } from 'express';
import type { z } from 'zod';

/**
 * Validates a query or body; a 400 names every offending field and what it
 * must be.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: 'query parameter' | 'body field',
): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map(issue => {
    const field = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      return `unknown ${where}${issue.keys.length > 1 ? 's' : ''} ${issue.keys
        .map(k => `'${k}'`)
        .join(', ')}`;
    }
    return field ? `${where} '${field}': ${issue.message}` : issue.message;
  });
  throw new InputError(`Invalid request: ${problems.join('; ')}`);
}

const WHERE: Record<string, string> = {
  query: 'query parameter',
  body: 'body field',
  params: 'path parameter',
};

/**
 * Rewords the spec validator's 400s (`request/query/limit must be <= 500`)
 * the way the handlers word theirs (`query parameter 'limit' must be <=
 * 500`), so a client sees one style whichever check refused the request.
 */
export function rewordValidationErrors(): ErrorRequestHandler {
  return (error, _req, _res, next) => {
    if (!(error instanceof InputError) || !error.message.includes('request/')) {
      next(error);
      return;
    }
    const message = error.message
      .replace(
        /request\/(query|body|params) must have required property '([^']+)'/g,
        (_all, where: string, field: string) =>
          `${WHERE[where]} '${field}' is required`,
      )
      .replace(
        /request\/(query|body|params)\/([\w./:-]+)/g,
        (_all, where: string, field: string) =>
          `${WHERE[where]} '${field.replace(/\//g, '.')}'`,
      );
    next(new InputError(`Invalid request: ${message}`));
  };
}
