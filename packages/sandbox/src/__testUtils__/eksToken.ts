import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

type Credentials = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
};

/** A standard EKS bearer token (as `aws eks get-token` makes), presigned for the given STS endpoint. */
export async function eksToken(options: {
  stsEndpoint: string;
  credentials: Credentials;
  clusterName: string;
  region?: string;
  signingDate?: Date;
}): Promise<string> {
  const endpoint = new URL(options.stsEndpoint);
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region ?? 'us-east-1',
    service: 'sts',
    sha256: Sha256,
  });
  const presigned = await signer.presign(
    new HttpRequest({
      method: 'GET',
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      port: Number(endpoint.port),
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: endpoint.host, 'x-k8s-aws-id': options.clusterName },
    }),
    { expiresIn: 60, signingDate: options.signingDate },
  );
  const query = new URLSearchParams(
    presigned.query as Record<string, string>,
  ).toString();
  const url = `${endpoint.protocol}//${endpoint.host}/?${query}`;
  return `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
}
