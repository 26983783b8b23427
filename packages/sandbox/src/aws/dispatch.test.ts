import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { startSandbox } from '../sandbox';
import type { Sandbox } from '../types';
import { MAIN, REGION, smallEstate } from '../__testUtils__/aws';

/**
 * What the SDK clients cannot be made to send: unsigned requests, unknown
 * actions and paths. Requests are signed with the SDK's own signer and sent
 * with fetch.
 */
describe('AWS endpoint protocol edges', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: smallEstate() });
  });
  afterAll(() => sandbox.stop());

  async function send(options: {
    service?: string;
    method?: string;
    path?: string;
    body?: string;
    sign?: boolean;
  }) {
    const url = new URL(sandbox.endpoints.eks);
    const request = new HttpRequest({
      method: options.method ?? 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: options.path ?? '/',
      headers: {
        host: url.host,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: options.body,
    });
    const signed =
      options.sign === false
        ? request
        : await new SignatureV4({
            credentials: sandbox.credentialsFor(MAIN),
            region: REGION,
            service: options.service ?? 'iam',
            sha256: Sha256,
          }).sign(request);
    const response = await fetch(`${sandbox.endpoints.eks}${signed.path}`, {
      method: signed.method,
      headers: signed.headers,
      body: signed.body,
    });
    return {
      status: response.status,
      headers: response.headers,
      text: await response.text(),
    };
  }

  it('answers MissingAuthenticationToken (403) to an unsigned Query request', async () => {
    const response = await send({
      body: 'Action=ListRoles&Version=2010-05-08',
      sign: false,
    });
    expect(response.status).toBe(403);
    expect(response.text).toContain('<Code>MissingAuthenticationToken</Code>');
  });

  it('answers an unsigned REST-JSON request with the JSON error form', async () => {
    const response = await send({
      method: 'GET',
      path: '/clusters',
      sign: false,
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe(
      'MissingAuthenticationTokenException',
    );
    expect(JSON.parse(response.text).message).toMatch(/Authentication Token/);
  });

  it('answers InvalidAction (400) to an unknown action or API version', async () => {
    for (const body of [
      'Action=CreateUser&Version=2010-05-08&UserName=x',
      'Action=ListRoles&Version=2099-01-01',
    ]) {
      const response = await send({ body });
      expect(response.status).toBe(400);
      expect(response.text).toContain('<Code>InvalidAction</Code>');
      expect(response.text).toContain(
        'xmlns="https://iam.amazonaws.com/doc/2010-05-08/"',
      );
      expect(response.text).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId>/);
    }
    expect(sandbox.mutations()).toEqual([]);
  });

  it('answers the Query envelope AWS answers', async () => {
    const response = await send({
      service: 'sts',
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml');
    expect(response.text).toMatch(
      /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><UserId>AIDA\w+<\/UserId><Account>111111111111<\/Account><Arn>arn:aws:iam::111111111111:user\/sandbox<\/Arn><\/GetCallerIdentityResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/GetCallerIdentityResponse>$/,
    );
  });

  it('answers 404 UnknownOperationException to an EKS path it does not serve', async () => {
    const response = await send({
      service: 'eks',
      method: 'GET',
      path: '/clusters/prod/node-groups',
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe(
      'UnknownOperationException',
    );
  });

  it('refuses services it does not emulate', async () => {
    const response = await send({
      service: 's3',
      body: 'Action=ListBuckets&Version=2006-03-01',
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain('not s3');
  });
});
