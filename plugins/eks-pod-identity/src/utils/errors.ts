import { ResponseError } from '@backstage/errors';

/** The server's own message when there is one; ResponseError's own text is generic. */
export function errorMessage(error: unknown): string {
  if (ResponseError.is(error)) return error.cause.message || error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function isNotAllowed(error: unknown): boolean {
  return (
    ResponseError.is(error) &&
    (error.statusCode === 403 || error.statusCode === 401)
  );
}
