import { buildState } from '../../state/seed';
import { validateEstate } from '../../estate/validate';
import { MAIN, OTHER, smallEstate } from '../../__testUtils__/aws';
import { eksToken } from '../../__testUtils__/eksToken';
import { verifyEksToken } from './eksToken';
import { defaultAccessKeyId, defaultSecretAccessKey } from '../../state/seed';

describe('verifyEksToken', () => {
  const state = buildState(validateEstate(smallEstate()));
  const credentials = {
    accessKeyId: defaultAccessKeyId(MAIN),
    secretAccessKey: defaultSecretAccessKey(MAIN),
  };
  const token = (overrides: Partial<Parameters<typeof eksToken>[0]> = {}) =>
    eksToken({
      stsEndpoint: 'https://sts.us-east-1.amazonaws.com',
      credentials,
      clusterName: 'prod',
      ...overrides,
    });

  it('accepts a valid token for the cluster it names, and tells who signed it', async () => {
    const result = verifyEksToken(state, await token(), 'prod');
    expect(result).toMatchObject({
      ok: true,
      caller: { account: { id: MAIN } },
    });
  });

  it('accepts a token up to 15 minutes old, whatever its X-Amz-Expires', async () => {
    const signingDate = new Date(Date.now() - 14 * 60 * 1000);
    expect(verifyEksToken(state, await token({ signingDate }), 'prod').ok).toBe(
      true,
    );
  });

  it('rejects a token for another cluster', async () => {
    const result = verifyEksToken(
      state,
      await token({ clusterName: 'auto' }),
      'prod',
    );
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringContaining('SignatureDoesNotMatch'),
    });
  });

  it('rejects an expired token', async () => {
    const signingDate = new Date(Date.now() - 16 * 60 * 1000);
    const result = verifyEksToken(state, await token({ signingDate }), 'prod');
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringContaining('expired'),
    });
  });

  it('rejects a tampered token', async () => {
    const url = new URL(
      Buffer.from(
        (await token()).slice('k8s-aws-v1.'.length),
        'base64url',
      ).toString(),
    );
    const signature = url.searchParams.get('X-Amz-Signature')!;
    url.searchParams.set(
      'X-Amz-Signature',
      signature.replace(/^./, c => (c === '0' ? '1' : '0')),
    );
    const tampered = `k8s-aws-v1.${Buffer.from(url.toString()).toString(
      'base64url',
    )}`;
    expect(verifyEksToken(state, tampered, 'prod').ok).toBe(false);

    url.searchParams.set('X-Amz-Signature', signature);
    url.searchParams.set('X-Amz-Date', '20200101T000000Z');
    expect(
      verifyEksToken(
        state,
        `k8s-aws-v1.${Buffer.from(url.toString()).toString('base64url')}`,
        'prod',
      ).ok,
    ).toBe(false);
  });

  it('rejects a token signed with the wrong secret', async () => {
    const forged = await token({
      credentials: {
        accessKeyId: defaultAccessKeyId(OTHER),
        secretAccessKey: 'guess',
      },
    });
    expect(verifyEksToken(state, forged, 'prod').ok).toBe(false);
  });

  it.each([
    ['no prefix', 'Bearer abc'],
    ['not a URL', `k8s-aws-v1.${Buffer.from('nope').toString('base64url')}`],
    [
      'another action',
      `k8s-aws-v1.${Buffer.from(
        'https://sts.amazonaws.com/?Action=AssumeRole&Version=2011-06-15',
      ).toString('base64url')}`,
    ],
  ])('rejects %s', (_what, value) => {
    expect(verifyEksToken(state, value, 'prod').ok).toBe(false);
  });
});
