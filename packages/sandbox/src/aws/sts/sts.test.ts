import { EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { GetRoleCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../types';
import {
  awsClients,
  errorOf,
  MAIN,
  OTHER,
  REGION,
  smallEstate,
} from '../../__testUtils__/aws';

describe('STS', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: smallEstate() });
  });
  afterAll(() => sandbox.stop());

  const assume = (roleArn: string, caller = MAIN) =>
    awsClients(sandbox, caller).sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'test-session',
      }),
    );

  it('answers the caller identity of an account’s keys', async () => {
    const identity = await awsClients(sandbox, OTHER).sts.send(
      new GetCallerIdentityCommand({}),
    );
    expect(identity).toMatchObject({
      Account: OTHER,
      Arn: `arn:aws:iam::${OTHER}:user/sandbox`,
    });
    expect(identity.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
  });

  it('refuses long-term keys it did not issue (InvalidClientTokenId)', async () => {
    const { sts } = awsClients(sandbox, {
      accessKeyId: 'AKIAUNKNOWNUNKNOWN00',
      secretAccessKey: 'anything',
    });
    const error = await errorOf(sts.send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('InvalidClientTokenId');
    expect(error.$metadata.httpStatusCode).toBe(403);
  });

  it('takes unknown long-term keys as the first account when authorization is off', async () => {
    const open = await startSandbox({
      seed: smallEstate(),
      authorization: false,
    });
    try {
      const { sts } = awsClients(open, {
        accessKeyId: 'AKIAUNKNOWNUNKNOWN00',
        secretAccessKey: 'anything',
      });
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(
        MAIN,
      );
    } finally {
      await open.stop();
    }
  });

  it('assumes a role: temporary credentials that act in the role’s account', async () => {
    const before = Date.now();
    const { Credentials, AssumedRoleUser } = await assume(
      `arn:aws:iam::${OTHER}:role/backstage-reader`,
    );
    expect(Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(Credentials!.SessionToken).toBeTruthy();
    const lifetime = Credentials!.Expiration!.getTime() - before;
    expect(lifetime).toBeGreaterThan(3590_000);
    expect(lifetime).toBeLessThanOrEqual(3601_000);
    expect(AssumedRoleUser!.Arn).toBe(
      `arn:aws:sts::${OTHER}:assumed-role/backstage-reader/test-session`,
    );
    expect(AssumedRoleUser!.AssumedRoleId).toMatch(
      /^AROA[A-Z0-9]{17}:test-session$/,
    );

    const session = {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    };
    const clients = awsClients(sandbox, session);
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({
      Account: OTHER,
      Arn: AssumedRoleUser!.Arn,
      UserId: AssumedRoleUser!.AssumedRoleId,
    });
    const { Roles } = await clients.iam.send(new ListRolesCommand({}));
    expect(Roles!.map(r => r.RoleName).sort()).toEqual([
      'backstage-reader',
      'data-target',
    ]);
    expect(
      (await clients.eks.send(new ListClustersCommand({}))).clusters,
    ).toEqual(['other-prod']);
  });

  it('records the assumption as the role’s last use', async () => {
    await assume(`arn:aws:iam::${MAIN}:role/backstage-reader`);
    const { Role } = await awsClients(sandbox).iam.send(
      new GetRoleCommand({ RoleName: 'backstage-reader' }),
    );
    expect(Role!.RoleLastUsed!.Region).toBe(REGION);
    expect(
      Date.now() - Role!.RoleLastUsed!.LastUsedDate!.getTime(),
    ).toBeLessThan(60_000);
  });

  it('answers AccessDenied (403) for a role that does not exist', async () => {
    for (const arn of [
      `arn:aws:iam::${OTHER}:role/ghost`,
      `arn:aws:iam::${OTHER}:role/other-path/backstage-reader`,
      'not-an-arn',
    ]) {
      const error = await errorOf(assume(arn));
      expect(error.name).toBe('AccessDenied');
      expect(error.$metadata.httpStatusCode).toBe(403);
      expect(error.message).toContain('sts:AssumeRole');
    }
  });

  it('refuses a DurationSeconds beyond the role’s MaxSessionDuration', async () => {
    const error = await errorOf(
      awsClients(sandbox).sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${OTHER}:role/backstage-reader`,
          RoleSessionName: 's',
          DurationSeconds: 7200,
        }),
      ),
    );
    expect(error.Code ?? error.name).toBe('ValidationError');
  });

  it('rejects temporary keys without their session token, or with another one', async () => {
    const { Credentials } = await assume(
      `arn:aws:iam::${OTHER}:role/backstage-reader`,
    );
    for (const sessionToken of [undefined, `${Credentials!.SessionToken}x`]) {
      const { sts } = awsClients(sandbox, {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken,
      });
      const error = await errorOf(sts.send(new GetCallerIdentityCommand({})));
      expect(error.Code ?? error.name).toBe('InvalidClientTokenId');
      expect(error.$metadata.httpStatusCode).toBe(403);
      expect(error.message).not.toContain(Credentials!.SessionToken!);
    }
  });

  it('rejects a known key signed with the wrong secret, in each protocol’s words', async () => {
    const wrong = {
      accessKeyId: sandbox.credentialsFor(OTHER).accessKeyId,
      secretAccessKey: 'wrong-secret',
    };
    const { sts, iam, eks } = awsClients(sandbox, wrong);
    for (const call of [
      () => sts.send(new GetCallerIdentityCommand({})),
      () => iam.send(new ListRolesCommand({})),
    ]) {
      const error = await errorOf(call());
      expect(error.Code ?? error.name).toBe('SignatureDoesNotMatch');
      expect(error.$metadata.httpStatusCode).toBe(403);
    }
    const error = await errorOf(eks.send(new ListClustersCommand({})));
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.$metadata.httpStatusCode).toBe(403);
  });

  it('rejects unknown temporary keys', async () => {
    const { eks } = awsClients(sandbox, {
      accessKeyId: 'ASIAAAAAAAAAAAAAAAAA',
      secretAccessKey: 's',
      sessionToken: 't',
    });
    const error = await errorOf(eks.send(new ListClustersCommand({})));
    expect(error.name).toBe('UnrecognizedClientException');
  });

  describe('with AWS_ENDPOINT_URL_STS', () => {
    const saved = process.env.AWS_ENDPOINT_URL_STS;
    beforeEach(() => {
      process.env.AWS_ENDPOINT_URL_STS = sandbox.endpoints.sts;
    });
    afterEach(() => {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
      else process.env.AWS_ENDPOINT_URL_STS = saved;
    });

    it('an STS client without an endpoint option reaches the sandbox', async () => {
      const sts = new STSClient({
        region: REGION,
        credentials: sandbox.credentialsFor(OTHER),
      });
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(
        OTHER,
      );
    });

    it('integration-aws-node assumes aws.accounts[].roleName through the sandbox', async () => {
      const main = sandbox.credentialsFor(MAIN);
      const manager = DefaultAwsCredentialsManager.fromConfig(
        new ConfigReader({
          aws: {
            mainAccount: {
              accessKeyId: main.accessKeyId,
              secretAccessKey: main.secretAccessKey,
            },
            accounts: [{ accountId: OTHER, roleName: 'backstage-reader' }],
          },
        }),
      );
      const { sdkCredentialProvider, accountId } =
        await manager.getCredentialProvider({ accountId: OTHER });
      expect(accountId).toBe(OTHER);
      const credentials = await sdkCredentialProvider();
      expect(credentials.accessKeyId).toMatch(/^ASIA/);
      const eks = new EKSClient({
        region: REGION,
        endpoint: sandbox.endpoints.eks,
        credentials: sdkCredentialProvider,
      });
      expect((await eks.send(new ListClustersCommand({}))).clusters).toEqual([
        'other-prod',
      ]);
      const sts = new STSClient({
        region: REGION,
        credentials: sdkCredentialProvider,
      });
      expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(
        `arn:aws:sts::${OTHER}:assumed-role/backstage-reader/backstage`,
      );
    });
  });
});
