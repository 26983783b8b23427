import { AwsClientFactory } from '../aws/AwsClientFactory';
import { DefaultEksTokenProvider } from './EksTokenProvider';

const cluster = {
  accountId: '111111111111',
  region: 'eu-west-1',
  name: 'prod',
};

function factory(credentials: Record<string, unknown>, sts?: string) {
  return new AwsClientFactory({
    credentialsManager: {
      getCredentialProvider: async () => ({
        sdkCredentialProvider: async () => credentials as any,
      }),
    },
    endpoints: { sts },
    maxAttempts: 1,
  });
}

function decode(token: string): URL {
  expect(token.startsWith('k8s-aws-v1.')).toBe(true);
  const encoded = token.slice('k8s-aws-v1.'.length);
  expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
  return new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
}

describe('DefaultEksTokenProvider', () => {
  it('presigns GetCallerIdentity on the regional STS endpoint, signing x-k8s-aws-id', async () => {
    const provider = new DefaultEksTokenProvider(
      factory({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
      () => Date.parse('2026-01-02T03:04:05Z'),
    );
    const url = decode(await provider.getToken(cluster));
    expect(url.origin).toBe('https://sts.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/');
    const q = url.searchParams;
    expect(q.get('Action')).toBe('GetCallerIdentity');
    expect(q.get('Version')).toBe('2011-06-15');
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Credential')).toBe(
      'AKIDEXAMPLE/20260102/eu-west-1/sts/aws4_request',
    );
    expect(q.get('X-Amz-Date')).toBe('20260102T030405Z');
    expect(q.get('X-Amz-Expires')).toBe('60');
    expect(q.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
    expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(q.has('X-Amz-Security-Token')).toBe(false);
  });

  it('uses the configured STS endpoint and carries a session token', async () => {
    const provider = new DefaultEksTokenProvider(
      factory(
        {
          accessKeyId: 'ASIAEXAMPLE',
          secretAccessKey: 's',
          sessionToken: 'tok/en+=',
        },
        'http://127.0.0.1:4566',
      ),
    );
    const url = decode(await provider.getToken(cluster));
    expect(url.origin).toBe('http://127.0.0.1:4566');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('tok/en+=');
  });

  it('reuses a token for 14 minutes, then signs a new one', async () => {
    let now = Date.parse('2026-01-02T03:00:00Z');
    const provider = new DefaultEksTokenProvider(
      factory({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
      () => now,
    );
    const first = await provider.getToken(cluster);
    now += 13 * 60 * 1000;
    expect(await provider.getToken(cluster)).toBe(first);
    expect(await provider.getToken({ ...cluster, name: 'other' })).not.toBe(
      first,
    );
    now += 60 * 1000;
    const renewed = await provider.getToken(cluster);
    expect(renewed).not.toBe(first);
    expect(decode(renewed).searchParams.get('X-Amz-Date')).toBe(
      '20260102T031400Z',
    );
  });

  it('renews early when the credentials expire first', async () => {
    let now = Date.parse('2026-01-02T03:00:00Z');
    const provider = new DefaultEksTokenProvider(
      factory({
        accessKeyId: 'ASIAEXAMPLE',
        secretAccessKey: 's',
        sessionToken: 't',
        expiration: new Date(now + 5 * 60 * 1000),
      }),
      () => now,
    );
    const first = await provider.getToken(cluster);
    now += 3 * 60 * 1000;
    expect(await provider.getToken(cluster)).toBe(first);
    now += 60 * 1000 + 1;
    expect(await provider.getToken(cluster)).not.toBe(first);
  });
});
