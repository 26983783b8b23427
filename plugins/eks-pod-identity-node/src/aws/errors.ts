import { accessDeniedSentence, isAccessDeniedSentence } from './accessDenied';

/** The error code an AWS SDK v3 error carries (`name`), if any. */
export function awsErrorName(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'name' in error) {
    return String((error as { name: unknown }).name);
  }
  return undefined;
}

const NOT_FOUND = new Set([
  'ResourceNotFoundException',
  'NoSuchEntity',
  'NoSuchEntityException',
]);
const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
]);

export function isNotFoundError(error: unknown): boolean {
  return NOT_FOUND.has(awsErrorName(error) ?? '');
}

export function isAccessDeniedError(error: unknown): boolean {
  return ACCESS_DENIED.has(awsErrorName(error) ?? '');
}

// Presigned URLs, EKS bearer tokens and session tokens can end up in error
// messages (e.g. echoed by a proxy); they are credentials and must not leak
// into logs, API responses or the snapshot.
const SECRETS = [
  /k8s-aws-v1\.[A-Za-z0-9_-]+/g,
  /(Bearer\s+)[^\s"']+/gi,
  /(X-Amz-(?:Security-Token|Signature|Credential)=)[^&\s"']+/gi,
  /((?:aws_)?(?:secret_?access_?key|session_?token)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
];

/**
 * A one-line description of an error that is safe to log and serve; an AWS
 * AccessDenied names who lacks which permission and the policy file to fix.
 */
export function describeError(error: unknown): string {
  const name = awsErrorName(error);
  const message =
    error instanceof Error ? error.message : String(error ?? 'unknown error');
  const denied = isAccessDeniedError(error)
    ? accessDeniedSentence(message) ??
      (isAccessDeniedSentence(message) ? message : undefined)
    : undefined;
  if (denied) return redactSecrets(denied);
  const text =
    name && name !== 'Error' && !message.startsWith(name)
      ? `${name}: ${message}`
      : message;
  return redactSecrets(text);
}

export function redactSecrets(text: string): string {
  return SECRETS.reduce(
    (out, pattern) =>
      out.replace(pattern, (match, prefix?: string) =>
        typeof prefix === 'string' && match.startsWith(prefix)
          ? `${prefix}[redacted]`
          : '[redacted]',
      ),
    text,
  );
}
