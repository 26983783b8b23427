import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import type { ClusterLocation } from '../aws/EksGateway';

/** Bearer tokens for the Kubernetes API of EKS clusters. */
export interface EksTokenProvider {
  getToken(cluster: ClusterLocation): Promise<string>;
}

const TOKEN_PREFIX = 'k8s-aws-v1.';
// EKS accepts a token for 15 minutes after signing; renewing a minute early
// leaves room for clock skew and slow requests.
const TOKEN_REUSE_MS = 14 * 60 * 1000;
// Credentials about to expire would make the token fail before its time.
const CREDENTIALS_MARGIN_MS = 60 * 1000;
const PRESIGN_EXPIRES_SECONDS = 60;

/**
 * The standard EKS token (what `aws eks get-token` prints): a presigned STS
 * GetCallerIdentity URL whose signature covers the `x-k8s-aws-id` header
 * naming the cluster, base64url-encoded behind `k8s-aws-v1.`. The cluster's
 * authenticator replays the URL against STS to learn who is calling, so no
 * STS call happens here.
 */
export class DefaultEksTokenProvider implements EksTokenProvider {
  // Signing is local and cheap, so concurrent first calls may each sign; no
  // need to share in-flight promises.
  private readonly cache = new Map<
    string,
    { token: string; reuseUntil: number }
  >();

  constructor(
    private readonly clients: AwsClientFactory,
    private readonly now: () => number = Date.now,
  ) {}

  async getToken(cluster: ClusterLocation): Promise<string> {
    const key = `${cluster.accountId}/${cluster.region}/${cluster.name}`;
    let entry = this.cache.get(key);
    if (!entry || entry.reuseUntil <= this.now()) {
      entry = await this.createToken(cluster);
      this.cache.set(key, entry);
    }
    return entry.token;
  }

  private async createToken(cluster: ClusterLocation) {
    const signedAt = this.now();
    const provider = await this.clients.credentials(cluster.accountId);
    const credentials = await provider();
    const endpoint = new URL(
      this.clients.endpoints.sts ??
        `https://sts.${cluster.region}.amazonaws.com`,
    );
    const signer = new SignatureV4({
      credentials,
      region: cluster.region,
      service: 'sts',
      sha256: Sha256,
    });
    const presigned = await signer.presign(
      new HttpRequest({
        method: 'GET',
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        port: endpoint.port ? Number(endpoint.port) : undefined,
        path: endpoint.pathname || '/',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { host: endpoint.host, 'x-k8s-aws-id': cluster.name },
      }),
      { expiresIn: PRESIGN_EXPIRES_SECONDS, signingDate: new Date(signedAt) },
    );
    const url = `${endpoint.protocol}//${endpoint.host}${
      presigned.path
    }?${toQueryString(presigned.query ?? {})}`;
    const credentialsExpire = credentials.expiration
      ? credentials.expiration.getTime() - CREDENTIALS_MARGIN_MS
      : Infinity;
    return {
      token: TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url'),
      reuseUntil: Math.min(signedAt + TOKEN_REUSE_MS, credentialsExpire),
    };
  }
}

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function toQueryString(
  query: Record<string, string | string[] | null | undefined>,
): string {
  return Object.keys(query)
    .sort()
    .flatMap(key => {
      const value = query[key];
      const values = Array.isArray(value) ? value : [value ?? ''];
      return values.map(v => `${rfc3986(key)}=${rfc3986(v)}`);
    })
    .join('&');
}
