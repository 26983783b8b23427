import { InputError } from '@backstage/errors';
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
