import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { validateEstate } from '../estate/validate';
import {
  buildState,
  defaultAccessKeyId,
  defaultSecretAccessKey,
} from '../state/seed';
import { MAIN, OTHER, smallEstate } from '../__testUtils__/aws';
import { workloadCredentials } from '../state/workloadKeys';
import { authenticate, SignedInput } from './authenticate';
import { AwsError } from './errors';

const SIGNED_AT = new Date('2026-11-28T12:00:00Z');
const BODY = 'Action=GetCallerIdentity&Version=2011-06-15';

async function signedInput(credentials: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}): Promise<SignedInput> {
  const request = await new SignatureV4({
    credentials,
    region: 'us-east-1',
    service: 'sts',
    sha256: Sha256,
  }).sign(
    new HttpRequest({
      method: 'POST',
      hostname: '127.0.0.1',
      port: 4566,
      path: '/',
      headers: {
        host: '127.0.0.1:4566',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: BODY,
    }),
    { signingDate: SIGNED_AT },
  );
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]),
  );
  return {
    method: 'POST',
    rawPath: '/',
    rawQuery: '',
    query: new URLSearchParams(),
    headers,
    body: Buffer.from(BODY),
  };
}

function codeOf(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    if (error instanceof AwsError) return error.code;
    throw error;
  }
  return undefined;
}

describe('authenticate', () => {
  const state = buildState(validateEstate(smallEstate()));
  const session = {
    accessKeyId: 'ASIAAAAAAAAAAAAAAAAB',
    secretAccessKey: 'session-secret',
    sessionToken: 'session-token',
    accountId: OTHER,
    roleArn: `arn:aws:iam::${OTHER}:role/backstage-reader`,
    roleName: 'backstage-reader',
    roleId: 'AROAAAAAAAAAAAAAAAAAA',
    sessionName: 's',
    expiration: new Date(SIGNED_AT.getTime() + 60_000),
  };
  state.sessions.set(session.accessKeyId, session);

  it('verifies an account’s own keys and names the caller', async () => {
    const input = await signedInput({
      accessKeyId: defaultAccessKeyId(MAIN),
      secretAccessKey: defaultSecretAccessKey(MAIN),
    });
    const { caller, region, service } = authenticate(
      state,
      input,
      'query',
      SIGNED_AT,
    );
    expect({
      account: caller.account.id,
      arn: caller.arn,
      region,
      service,
    }).toEqual({
      account: MAIN,
      arn: `arn:aws:iam::${MAIN}:user/sandbox`,
      region: 'us-east-1',
      service: 'sts',
    });
  });

  it('refuses a body changed after signing', async () => {
    const input = await signedInput({
      accessKeyId: defaultAccessKeyId(MAIN),
      secretAccessKey: defaultSecretAccessKey(MAIN),
    });
    input.body = Buffer.from(`${BODY}&x=1`);
    expect(codeOf(() => authenticate(state, input, 'query', SIGNED_AT))).toBe(
      'SignatureDoesNotMatch',
    );
  });

  it('refuses signatures more than 15 minutes off the sandbox clock', async () => {
    const input = await signedInput({
      accessKeyId: defaultAccessKeyId(MAIN),
      secretAccessKey: defaultSecretAccessKey(MAIN),
    });
    const later = new Date(SIGNED_AT.getTime() + 16 * 60_000);
    expect(codeOf(() => authenticate(state, input, 'query', later))).toBe(
      'SignatureDoesNotMatch',
    );
    expect(codeOf(() => authenticate(state, input, 'rest-json', later))).toBe(
      'InvalidSignatureException',
    );
  });

  it('accepts a live session and answers ExpiredToken once it has expired', async () => {
    const input = await signedInput(session);
    expect(authenticate(state, input, 'query', SIGNED_AT).caller.arn).toBe(
      `arn:aws:sts::${OTHER}:assumed-role/backstage-reader/s`,
    );
    const afterExpiry = new Date(session.expiration.getTime() + 1000);
    expect(codeOf(() => authenticate(state, input, 'query', afterExpiry))).toBe(
      'ExpiredToken',
    );
    expect(
      codeOf(() => authenticate(state, input, 'rest-json', afterExpiry)),
    ).toBe('ExpiredTokenException');
  });
  it('takes a role’s workload keys as its session only while the role exists', async () => {
    const roleArn = `arn:aws:iam::${OTHER}:role/backstage-reader`;
    const input = await signedInput(workloadCredentials(roleArn));
    const callerArn = () =>
      authenticate(state, input, 'query', SIGNED_AT).caller.arn;
    const expected = `arn:aws:sts::${OTHER}:assumed-role/backstage-reader/sandbox-workload`;
    expect(callerArn()).toBe(expected);
    // Asked again, the key is known; deleting the role must still end it.
    expect(callerArn()).toBe(expected);
    const roles = state.accounts.get(OTHER)!.roles;
    const role = roles.get('backstage-reader')!;
    roles.delete('backstage-reader');
    expect(codeOf(callerArn)).toBe('InvalidClientTokenId');
    roles.set('backstage-reader', { ...role });
    expect(callerArn()).toBe(expected);
  });
});
