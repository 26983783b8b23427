import type { Caller } from './context';
import { AwsProtocol, commonError } from './errors';
import {
  canonicalRequest,
  CanonicalInput,
  computeSignature,
  parseAmzDate,
  readSignature,
  signatureMatches,
  SignedRequestParts,
} from './sigv4';
import type { SandboxState, SessionState } from '../state/model';

/** AWS refuses signatures more than 15 minutes away from its clock. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export type Authenticated = {
  caller: Caller;
  /** Region and service of the credential scope: they route the request. */
  region: string;
  service: string;
};

export type SignedInput = CanonicalInput & { query: URLSearchParams };

/** The parts of a signature, or MissingAuthenticationToken. */
export function signatureOf(
  input: SignedInput,
  protocol: AwsProtocol,
): SignedRequestParts {
  const parts = readSignature(input.headers, input.query);
  if (!parts) {
    throw commonError(
      'missingAuthentication',
      protocol,
      'Request is missing Authentication Token',
    );
  }
  return parts;
}

function checkTime(
  parts: SignedRequestParts,
  protocol: AwsProtocol,
  now: Date,
): void {
  const signedAt = parseAmzDate(parts.amzDate);
  if (!signedAt) {
    throw commonError(
      'badSignature',
      protocol,
      `Invalid X-Amz-Date: ${parts.amzDate}`,
    );
  }
  // The same window holds for presigned URLs: STS honours a presigned
  // GetCallerIdentity for 15 minutes whatever its X-Amz-Expires says, and EKS
  // tokens rely on that (they are signed with X-Amz-Expires=60).
  if (Math.abs(now.getTime() - signedAt.getTime()) > MAX_CLOCK_SKEW_MS) {
    throw commonError(
      'badSignature',
      protocol,
      `Signature expired: ${parts.amzDate} is more than 15 minutes away from the server time`,
    );
  }
}

function verify(
  input: SignedInput,
  parts: SignedRequestParts,
  secret: string,
  protocol: AwsProtocol,
): void {
  const expected = computeSignature(
    secret,
    parts,
    canonicalRequest(input, parts),
  );
  if (!signatureMatches(expected, parts.signature)) {
    throw commonError(
      'badSignature',
      protocol,
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
}

function presentedToken(input: SignedInput): string | undefined {
  const header = input.headers['x-amz-security-token'];
  return (
    (Array.isArray(header) ? header[0] : header) ??
    input.query.get('X-Amz-Security-Token') ??
    undefined
  );
}

function sessionCaller(
  state: SandboxState,
  session: SessionState,
  accessKeyId: string,
): Caller {
  return {
    account: state.accounts.get(session.accountId)!,
    accessKeyId,
    arn: `arn:aws:sts::${session.accountId}:assumed-role/${session.roleName}/${session.sessionName}`,
    userId: `${session.roleId}:${session.sessionName}`,
    session,
  };
}

/**
 * Who signed the request. An account's own keys, roles' workload keys and
 * AssumeRole sessions are verified; any other key is refused
 * (UnrecognizedClientException / InvalidClientTokenId), or, with
 * authorization off, taken as the first account without a check.
 */
export function authenticate(
  state: SandboxState,
  input: SignedInput,
  protocol: AwsProtocol,
  now = new Date(),
): Authenticated {
  const parts = signatureOf(input, protocol);
  const { accessKeyId, region, service } = parts.scope;
  checkTime(parts, protocol, now);

  const account = state.accountByAccessKey(accessKeyId);
  if (account) {
    verify(input, parts, account.secretAccessKey, protocol);
    return {
      region,
      service,
      caller: {
        account,
        accessKeyId,
        arn: account.callerArn,
        userId: account.callerUserId,
      },
    };
  }

  const workload = state.workloadSession(accessKeyId);
  if (workload) {
    verify(input, parts, workload.secretAccessKey, protocol);
    return {
      region,
      service,
      caller: sessionCaller(state, workload, accessKeyId),
    };
  }

  const session = state.sessions.get(accessKeyId);
  if (session) {
    if (presentedToken(input) !== session.sessionToken) {
      throw commonError(
        'unknownToken',
        protocol,
        'The security token included in the request is invalid.',
      );
    }
    if (session.expiration.getTime() < now.getTime()) {
      throw commonError(
        'expiredToken',
        protocol,
        'The security token included in the request is expired',
      );
    }
    verify(input, parts, session.secretAccessKey, protocol);
    return {
      region,
      service,
      caller: sessionCaller(state, session, accessKeyId),
    };
  }

  // With authorization on, a key the sandbox did not issue is refused, as AWS does.
  if (accessKeyId.startsWith('ASIA') || state.enforcement.authorization) {
    throw commonError(
      'unknownToken',
      protocol,
      'The security token included in the request is invalid.',
    );
  }
  const fallback = state.defaultAccount();
  return {
    region,
    service,
    caller: {
      account: fallback,
      accessKeyId,
      arn: fallback.callerArn,
      userId: fallback.callerUserId,
    },
  };
}
