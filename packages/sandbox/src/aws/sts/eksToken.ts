import { authenticate } from '../authenticate';
import type { Caller } from '../context';
import { AwsError } from '../errors';
import type { SandboxState } from '../../state/model';

export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
const CLUSTER_ID_HEADER = 'x-k8s-aws-id';

export type EksTokenResult =
  | { ok: true; caller: Caller }
  | { ok: false; reason: string };

/**
 * Checks an EKS bearer token the way the EKS authenticator does: `k8s-aws-v1.`
 * + base64url of a presigned STS GetCallerIdentity URL whose signed headers
 * include `x-k8s-aws-id` = the cluster's name; valid signature, not expired.
 */
export function verifyEksToken(
  state: SandboxState,
  token: string,
  clusterName: string,
  now = new Date(),
): EksTokenResult {
  if (!token.startsWith(EKS_TOKEN_PREFIX)) {
    return {
      ok: false,
      reason: `token does not start with ${EKS_TOKEN_PREFIX}`,
    };
  }
  let url: URL;
  try {
    url = new URL(
      Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString(
        'utf8',
      ),
    );
  } catch {
    return { ok: false, reason: 'token is not a base64url-encoded URL' };
  }
  const query = url.searchParams;
  if (
    query.get('Action') !== 'GetCallerIdentity' ||
    query.get('Version') !== '2011-06-15'
  ) {
    return {
      ok: false,
      reason: 'token is not a presigned STS GetCallerIdentity request',
    };
  }
  const signedHeaders = (query.get('X-Amz-SignedHeaders') ?? '').split(';');
  if (!signedHeaders.includes(CLUSTER_ID_HEADER)) {
    return {
      ok: false,
      reason: `token does not sign the ${CLUSTER_ID_HEADER} header`,
    };
  }
  try {
    const { caller, service } = authenticate(
      state,
      {
        method: 'GET',
        rawPath: url.pathname,
        rawQuery: url.search.replace(/^\?/, ''),
        query,
        headers: { host: url.host, [CLUSTER_ID_HEADER]: clusterName },
        body: Buffer.alloc(0),
      },
      'query',
      now,
    );
    if (service !== 'sts') {
      return { ok: false, reason: `token is signed for ${service}, not sts` };
    }
    return { ok: true, caller };
  } catch (error) {
    if (error instanceof AwsError) {
      // A token signed for another cluster fails here too: the cluster name is part of what is signed.
      return { ok: false, reason: `${error.code}: ${error.message}` };
    }
    throw error;
  }
}
