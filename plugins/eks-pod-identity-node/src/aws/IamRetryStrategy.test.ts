import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { startSandbox, Sandbox } from '@pod-identity/sandbox';
import { sandboxConfig } from '../__testUtils__/sandbox';
import { ACCOUNT_A, testEstate } from '../__testUtils__/testEstate';
import { AwsClientFactory } from './AwsClientFactory';

jest.setTimeout(30_000);

/** An inline policy over IAM's 10,240-character quota per role. */
const oversizedPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: Array.from(
        { length: 400 },
        (_, i) => `arn:aws:s3:::orders-archive-${i}/*`,
      ),
    },
  ],
});

const smallPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }],
});

describe('IAM retries through the factory clients', () => {
  let sandbox: Sandbox;
  let clients: AwsClientFactory;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: testEstate() });
    // Retries of writes to any role: administrator keys, not the backend's policies.
    clients = AwsClientFactory.fromConfig(
      sandboxConfig(sandbox, {}, { administrator: true }),
    );
  });

  afterAll(async () => {
    await clients.destroy();
    await sandbox.stop();
  });

  const putRolePolicy = async (document: string) =>
    (await clients.iam(ACCOUNT_A)).send(
      new PutRolePolicyCommand({
        RoleName: 'orders-role',
        PolicyName: 'extra',
        PolicyDocument: document,
      }),
    );

  it('fails a quota error (LimitExceeded) at the first attempt instead of retrying it as throttling', async () => {
    const error = await putRolePolicy(oversizedPolicy).catch(e => e);
    expect(error.name).toBe('LimitExceededException');
    expect(error.$metadata.attempts).toBe(1);
  });

  it('still retries a server error', async () => {
    sandbox.faults.failNext('iam:PutRolePolicy');
    const output = await putRolePolicy(smallPolicy);
    expect(output.$metadata.attempts).toBe(2);
  });
});
