/**
 * An error answered to an AWS client. `code` is what the SDK turns into the
 * exception name; `fields` are extra members of REST-JSON error bodies
 * (e.g. `clusterName`), ignored by the Query protocols.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly fields: Record<string, string | undefined> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export type AwsProtocol = 'rest-json' | 'query';

/** Errors every service answers, with the code each protocol family uses for them. */
const COMMON_ERRORS = {
  missingAuthentication: {
    'rest-json': ['MissingAuthenticationTokenException', 403],
    query: ['MissingAuthenticationToken', 403],
  },
  badSignature: {
    'rest-json': ['InvalidSignatureException', 403],
    query: ['SignatureDoesNotMatch', 403],
  },
  unknownToken: {
    'rest-json': ['UnrecognizedClientException', 403],
    query: ['InvalidClientTokenId', 403],
  },
  expiredToken: {
    'rest-json': ['ExpiredTokenException', 403],
    query: ['ExpiredToken', 400],
  },
} as const;

export type CommonErrorKind = keyof typeof COMMON_ERRORS;

export function commonError(
  kind: CommonErrorKind,
  protocol: AwsProtocol,
  message: string,
): AwsError {
  const [code, status] = COMMON_ERRORS[kind][protocol];
  return new AwsError(code, status, message);
}
