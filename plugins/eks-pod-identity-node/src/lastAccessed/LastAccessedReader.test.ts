import { startSandbox, type Sandbox } from '@pod-identity/sandbox';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { sandboxConfig } from '../__testUtils__/sandbox';
import { ACCOUNT_A, testEstate } from '../__testUtils__/testEstate';
import { DefaultLastAccessedReader } from './LastAccessedReader';

jest.setTimeout(60_000);

describe('DefaultLastAccessedReader', () => {
  let sandbox: Sandbox;
  let clients: AwsClientFactory;
  const estate = testEstate();
  const roles = estate.accounts[0].iam!.roles!;
  const role = roles[0];
  const roleArn = `arn:aws:iam::${ACCOUNT_A}:role${role.path ?? '/'}${
    role.name
  }`;

  beforeAll(async () => {
    role.lastAccessed = [{ service: 's3', date: '-1d', region: 'us-east-1' }];
    sandbox = await startSandbox({ seed: estate, lastAccessedJobMs: 300 });
    clients = AwsClientFactory.fromConfig(sandboxConfig(sandbox));
  });
  afterAll(async () => {
    await clients.destroy();
    await sandbox.stop();
  });

  it('waits out the IN_PROGRESS job and reads the report as backstage-reader, under the shipped reader policy', async () => {
    const reader = DefaultLastAccessedReader.fromConfig(
      sandboxConfig(sandbox),
      { clients, pollIntervalMs: 100 },
    );
    const missing = `arn:aws:iam::${ACCOUNT_A}:role/no-such-role`;
    const read = await reader.read([roleArn, missing]);
    expect(read.records).toHaveLength(1);
    const [record] = read.records;
    expect(record.roleArn).toBe(roleArn);
    const s3 = record.services.find(s => s.service === 's3');
    expect(s3?.lastAuthenticated).toEqual(expect.any(String));
    expect(s3?.region).toBe('us-east-1');
    expect(read.errors).toEqual([
      { roleArn: missing, error: expect.stringMatching(/cannot be found/) },
    ]);
  });

  it('gives a job up after its timeout, naming the role', async () => {
    const reader = DefaultLastAccessedReader.fromConfig(
      sandboxConfig(sandbox),
      { clients, pollIntervalMs: 50, jobTimeoutMs: 100 },
    );
    const read = await reader.read([roleArn]);
    expect(read.records).toEqual([]);
    expect(read.errors[0].error).toMatch(
      new RegExp(`report of ${roleArn} was still in progress`),
    );
  });
});
