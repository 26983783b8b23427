import {
  CreatePodIdentityAssociationCommand,
  EKSClient,
  ListClustersCommand,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import {
  CreateRoleCommand,
  GetAccountAuthorizationDetailsCommand,
  IAMClient,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { isThrottlingError, isTransientError } from '@smithy/core/retry';
import { startSandbox } from '../sandbox';
import type { Sandbox } from '../types';
import {
  awsClients,
  errorOf,
  MAIN,
  OTHER,
  POD_IDENTITY_TRUST,
  REGION,
  smallEstate,
} from '../__testUtils__/aws';

/** A bucket that never refills within a test: the first call passes, the next is throttled. */
const ONE_CALL = { ratePerSecond: 0.001, burst: 1 };

describe('faults', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    // No consistency delay: the log, not propagation, is under test here.
    sandbox = await startSandbox({
      seed: smallEstate(),
      consistencyDelayMs: 0,
    });
  });
  afterAll(() => sandbox.stop());
  afterEach(() => sandbox.faults.clear());

  function client<T>(
    Client: new (config: any) => T,
    options: {
      account?: string;
      region?: string;
      maxAttempts?: number;
      retryMode?: string;
    } = {},
  ): T {
    return new Client({
      endpoint: sandbox.endpoints.eks,
      region: options.region ?? REGION,
      credentials: sandbox.credentialsFor(options.account ?? MAIN),
      maxAttempts: options.maxAttempts ?? 1,
      retryMode: options.retryMode,
    });
  }

  describe('throttling', () => {
    it('answers EKS 429 ThrottlingException per account and region, which the SDK classes as throttling', async () => {
      sandbox.faults.setThrottle({ eks: ONE_CALL });
      const eks = client(EKSClient);
      await eks.send(new ListClustersCommand({}));
      const error = await errorOf(eks.send(new ListClustersCommand({})));
      expect(error.name).toBe('ThrottlingException');
      expect(error.$metadata.httpStatusCode).toBe(429);
      expect(isThrottlingError(error)).toBe(true);
      // Other buckets are untouched: another region, another account, another service.
      await client(EKSClient, { region: 'eu-west-1' }).send(
        new ListClustersCommand({}),
      );
      await client(EKSClient, { account: OTHER }).send(
        new ListClustersCommand({}),
      );
      await client(IAMClient).send(new ListRolesCommand({}));
    });

    it('answers IAM and STS 400 Throttling per account, which the SDK classes as throttling', async () => {
      sandbox.faults.setThrottle({ iam: ONE_CALL, sts: ONE_CALL });
      for (const [call, again] of [
        [
          () => client(IAMClient).send(new ListRolesCommand({})),
          () =>
            client(IAMClient, { region: 'eu-west-1' }).send(
              new ListRolesCommand({}),
            ),
        ],
        [
          () => client(STSClient).send(new GetCallerIdentityCommand({})),
          () => client(STSClient).send(new GetCallerIdentityCommand({})),
        ],
      ] as const) {
        await call();
        const error = await errorOf(again());
        expect(error.Code ?? error.name).toBe('Throttling');
        expect(error.$metadata.httpStatusCode).toBe(400);
        expect(isThrottlingError(error)).toBe(true);
      }
      await client(IAMClient, { account: OTHER }).send(
        new ListRolesCommand({}),
      );
    });

    it.each(['standard', 'adaptive'])(
      'lets the SDK’s %s retry strategy get through in the end',
      async retryMode => {
        sandbox.faults.setThrottle({
          eks: { ratePerSecond: 20, burst: 1 },
          iam: { ratePerSecond: 20, burst: 1 },
        });
        sandbox.resetCallCounts();
        const eks = client(EKSClient, { maxAttempts: 10, retryMode });
        const iam = client(IAMClient, { maxAttempts: 10, retryMode });
        const results = await Promise.all([
          ...[1, 2].map(() => eks.send(new ListClustersCommand({}))),
          ...[1, 2].map(() => iam.send(new ListRolesCommand({}))),
        ]);
        expect(results.every(r => r.$metadata.httpStatusCode === 200)).toBe(
          true,
        );
        expect(results.some(r => r.$metadata.attempts! > 1)).toBe(true);
        const counts = sandbox.callCounts();
        expect(counts['eks:ListClusters']).toBeGreaterThan(2);
        expect(counts['iam:ListRoles']).toBeGreaterThan(2);
      },
    );

    it('rejects a bucket without a positive rate', () => {
      expect(() =>
        sandbox.faults.setThrottle({ eks: { ratePerSecond: 0 } }),
      ).toThrow(/ratePerSecond/);
    });
  });

  describe('denyOperation', () => {
    it('answers AccessDenied / AccessDeniedException (403) to that operation in that account only', async () => {
      sandbox.faults.denyOperation(MAIN, 'iam:GetAccountAuthorizationDetails');
      sandbox.faults.denyOperation(MAIN, 'eks:ListClusters');
      const iamError = await errorOf(
        client(IAMClient).send(new GetAccountAuthorizationDetailsCommand({})),
      );
      expect(iamError.Code ?? iamError.name).toBe('AccessDenied');
      expect(iamError.$metadata.httpStatusCode).toBe(403);
      expect(iamError.message).toContain('iam:GetAccountAuthorizationDetails');
      const eksError = await errorOf(
        client(EKSClient).send(new ListClustersCommand({})),
      );
      expect(eksError.name).toBe('AccessDeniedException');
      expect(eksError.$metadata.httpStatusCode).toBe(403);
      await client(IAMClient).send(new ListRolesCommand({}));
      await client(IAMClient, { account: OTHER }).send(
        new GetAccountAuthorizationDetailsCommand({}),
      );
    });

    it('denies a whole service with service:*', async () => {
      sandbox.faults.denyOperation(OTHER, 'eks:*');
      expect(
        (
          await errorOf(
            client(EKSClient, { account: OTHER }).send(
              new ListClustersCommand({}),
            ),
          )
        ).name,
      ).toBe('AccessDeniedException');
    });
  });

  describe('failNext', () => {
    const createAssociation = (eks: EKSClient, namespace: string) =>
      eks.send(
        new CreatePodIdentityAssociationCommand({
          clusterName: 'prod',
          namespace,
          serviceAccount: 'sa',
          roleArn: `arn:aws:iam::${MAIN}:role/orders-api`,
        }),
      );

    it('fails the next calls of an operation with a server error, then recovers', async () => {
      sandbox.clearMutations();
      sandbox.faults.failNext('eks:CreatePodIdentityAssociation', 2);
      const eks = client(EKSClient);
      for (let i = 0; i < 2; i++) {
        const error = await errorOf(createAssociation(eks, 'flaky'));
        expect(error.name).toBe('ServerException');
        expect(error.$metadata.httpStatusCode).toBe(500);
        expect(isTransientError(error)).toBe(true);
      }
      expect(sandbox.mutations()).toEqual([]);
      await createAssociation(eks, 'flaky');
      expect(sandbox.mutations()).toHaveLength(1);
    });

    it('is retried by the SDK’s default strategy', async () => {
      sandbox.faults.failNext('iam:CreateRole');
      const { Role } = await client(IAMClient, { maxAttempts: 3 }).send(
        new CreateRoleCommand({
          RoleName: 'after-failure',
          AssumeRolePolicyDocument: JSON.stringify(POD_IDENTITY_TRUST),
        }),
      );
      expect(Role!.RoleName).toBe('after-failure');
    });

    it('uses IAM’s ServiceFailure code', async () => {
      sandbox.faults.failNext('iam:ListRoles');
      const error = await errorOf(
        client(IAMClient).send(new ListRolesCommand({})),
      );
      expect(error.Code ?? error.name).toBe('ServiceFailure');
      expect(error.$metadata.httpStatusCode).toBe(500);
    });
  });

  it('adds latency to calls without changing answers', async () => {
    sandbox.faults.setLatency(20);
    const { clusters } = await client(EKSClient).send(
      new ListClustersCommand({}),
    );
    expect(clusters).toEqual(['auto', 'prod']);
    expect(() => sandbox.faults.setLatency(-1)).toThrow(/Latency/);
  });

  it('clear() removes injected faults', async () => {
    sandbox.faults.setThrottle({ eks: ONE_CALL });
    sandbox.faults.denyOperation(MAIN, 'eks:ListPodIdentityAssociations');
    sandbox.faults.failNext('eks:ListClusters', 5);
    sandbox.faults.clear();
    const eks = client(EKSClient);
    for (let i = 0; i < 3; i++) {
      const { clusters } = await eks.send(new ListClustersCommand({}));
      expect(clusters).toEqual(['auto', 'prod']);
    }
    const { associations } = await eks.send(
      new ListPodIdentityAssociationsCommand({ clusterName: 'prod' }),
    );
    expect(associations!.map(a => a.namespace)).toContain('orders');
  });
});

describe('mutation log and call counts', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    // No consistency delay: the log, not propagation, is under test here.
    sandbox = await startSandbox({
      seed: smallEstate(),
      consistencyDelayMs: 0,
    });
  });
  afterAll(() => sandbox.stop());

  it('records successful mutations only, with who, where and what', async () => {
    const { eks, iam } = awsClients(sandbox);
    await iam.send(new ListRolesCommand({}));
    await eks.send(
      new ListPodIdentityAssociationsCommand({ clusterName: 'prod' }),
    );
    const failed = await errorOf(
      eks.send(
        new CreatePodIdentityAssociationCommand({
          clusterName: 'prod',
          namespace: 'orders',
          serviceAccount: 'orders-api',
          roleArn: `arn:aws:iam::${MAIN}:role/orders-api`,
        }),
      ),
    );
    expect(failed.name).toBe('ResourceInUseException');
    expect(sandbox.mutations()).toEqual([]);

    await iam.send(
      new CreateRoleCommand({
        RoleName: 'logged',
        AssumeRolePolicyDocument: JSON.stringify(POD_IDENTITY_TRUST),
      }),
    );
    const { association } = await eks.send(
      new CreatePodIdentityAssociationCommand({
        clusterName: 'prod',
        namespace: 'logged',
        serviceAccount: 'sa',
        roleArn: `arn:aws:iam::${MAIN}:role/logged`,
      }),
    );
    expect(sandbox.mutations()).toEqual([
      {
        at: expect.any(String),
        service: 'iam',
        operation: 'CreateRole',
        accountId: MAIN,
        target: `arn:aws:iam::${MAIN}:role/logged`,
      },
      {
        at: expect.any(String),
        service: 'eks',
        operation: 'CreatePodIdentityAssociation',
        accountId: MAIN,
        region: REGION,
        cluster: 'prod',
        target: association!.associationArn,
      },
    ]);
    sandbox.clearMutations();
    expect(sandbox.mutations()).toEqual([]);
  });

  it('counts calls per operation, failed ones included', async () => {
    sandbox.resetCallCounts();
    const { eks, sts } = awsClients(sandbox);
    await eks.send(new ListClustersCommand({}));
    await eks.send(new ListClustersCommand({}));
    await errorOf(
      eks.send(new ListPodIdentityAssociationsCommand({ clusterName: 'nope' })),
    );
    await sts.send(new GetCallerIdentityCommand({}));
    expect(sandbox.callCounts()).toEqual({
      'eks:ListClusters': 2,
      'eks:ListPodIdentityAssociations': 1,
      'sts:GetCallerIdentity': 1,
    });
    sandbox.resetCallCounts();
    expect(sandbox.callCounts()).toEqual({});
  });
});
