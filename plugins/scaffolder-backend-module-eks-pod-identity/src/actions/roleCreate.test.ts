import { ConflictError, InputError } from '@backstage/errors';
import {
  DATA,
  PROD,
  PROD_CLUSTER,
  PROD_CLUSTER_ARN,
  TARGET_ROLE_ARN,
} from '../__testUtils__/estate';
import {
  depsWith,
  Harness,
  mutationsOf,
  runAction,
  startHarness,
  TEST_GUARDRAILS,
} from '../__testUtils__/harness';
import { createRoleCreateAction } from './roleCreate';

describe('eks-pod-identity:role:create', () => {
  let harness: Harness;
  let action: ReturnType<typeof createRoleCreateAction>;

  beforeEach(async () => {
    harness = await startHarness();
    action = createRoleCreateAction(harness.deps);
  });
  afterEach(() => harness.stop());

  const input = {
    cluster: PROD_CLUSTER,
    namespace: 'team-orders',
    serviceAccount: 'orders-worker',
    permissions: [{ preset: 's3-read', resource: 'orders-data/reports/' }],
    managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
    tags: { owner: 'team-orders' },
  };
  const operations = () =>
    mutationsOf(harness.sandbox).map(m => `${m.service}:${m.operation}`);

  it('creates the role with a scoped trust policy, boundary, path, tags, inline and managed policies', async () => {
    const { outputs } = await runAction(action, input);

    const roleArn = `arn:aws:iam::${PROD}:role/backstage/bs-team-orders-orders-worker`;
    expect(outputs.roleArn).toBe(roleArn);
    expect(operations()).toEqual([
      'iam:CreateRole',
      'iam:PutRolePolicy',
      'iam:AttachRolePolicy',
    ]);
    const role = await harness.deps.iam.readRole(
      PROD,
      'bs-team-orders-orders-worker',
    );
    expect(role).toMatchObject({
      path: '/backstage/',
      permissionsBoundaryArn: `arn:aws:iam::${PROD}:policy/backstage-boundary`,
      tags: {
        owner: 'team-orders',
        'eks-pod-identity/managed-by': 'backstage-scaffolder',
      },
      attachedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
    });
    expect(role!.trustPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'EksPodIdentity',
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringEquals: {
              'aws:SourceAccount': PROD,
              'aws:RequestTag/kubernetes-namespace': 'team-orders',
              'aws:RequestTag/kubernetes-service-account': 'orders-worker',
            },
            ArnEquals: { 'aws:SourceArn': PROD_CLUSTER_ARN },
          },
        },
      ],
    });
    expect(role!.inlinePolicies).toEqual([
      {
        name: 'eks-pod-identity-permissions',
        document: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:ListBucket', 's3:GetBucketLocation'],
              Resource: 'arn:aws:s3:::orders-data',
              Condition: { StringLike: { 's3:prefix': ['reports/*'] } },
            },
            {
              Effect: 'Allow',
              Action: ['s3:GetObject', 's3:GetObjectVersion'],
              Resource: 'arn:aws:s3:::orders-data/reports/*',
            },
          ],
        },
      },
    ]);
    expect(JSON.parse(outputs.trustPolicy)).toEqual(role!.trustPolicy);
    expect(outputs.plan.map((c: any) => `${c.action} ${c.resource}`)).toEqual([
      'create iam-role',
      'create iam-role-policy',
      'create iam-policy-attachment',
    ]);
  });

  it('changes nothing when run again with the same input', async () => {
    const first = await runAction(action, input);
    harness.sandbox.clearMutations();

    const second = await runAction(action, input, { taskId: 'task-2' });

    expect(operations()).toEqual([]);
    expect(second.outputs.roleArn).toBe(first.outputs.roleArn);
    expect(second.outputs.plan.every((c: any) => c.action === 'reuse')).toBe(
      true,
    );
  });

  it('refuses to touch an existing role that differs, and says how', async () => {
    await runAction(action, input);
    harness.sandbox.clearMutations();

    const different = runAction(action, {
      ...input,
      permissions: [
        { preset: 's3-read-write', resource: 'orders-data/reports/' },
      ],
    });

    await expect(different).rejects.toThrow(ConflictError);
    await expect(different).rejects.toThrow(
      /bs-team-orders-orders-worker already exists and differs from the request: inline policy eks-pod-identity-permissions\. Choose another roleName/,
    );
    expect(operations()).toEqual([]);
  });

  it("never takes over an existing role by adding the requester's entity tags to it", async () => {
    // Made by the scaffolder without an entityRef: no entity tags.
    await runAction(action, input);
    harness.sandbox.clearMutations();
    const before = harness.sandbox.exportEstate();

    const takeover = runAction(action, {
      ...input,
      entityRef: 'component:default/orders-api',
    });

    await expect(takeover).rejects.toThrow(ConflictError);
    await expect(takeover).rejects.toThrow(
      /already exists and differs from the request: no tag backstage\.io\/entity-ref; no tag eks-pod-identity\/owner/,
    );
    expect(operations()).toEqual([]);
    expect(harness.sandbox.exportEstate()).toEqual(before);
  });

  it('plans without changing anything in a dry run', async () => {
    const { outputs } = await runAction(action, input, { isDryRun: true });

    expect(operations()).toEqual([]);
    expect(outputs.roleArn).toBe(
      `arn:aws:iam::${PROD}:role/backstage/bs-team-orders-orders-worker`,
    );
    expect(outputs.plan).toEqual([
      expect.objectContaining({
        resource: 'iam-role',
        action: 'create',
        document: expect.objectContaining({ Version: '2012-10-17' }),
      }),
      expect.objectContaining({
        resource: 'iam-role-policy',
        action: 'create',
      }),
      expect.objectContaining({
        resource: 'iam-policy-attachment',
        action: 'create',
        detail: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      }),
    ]);
    expect(
      await harness.deps.iam.readRole(PROD, 'bs-team-orders-orders-worker'),
    ).toBeUndefined();
  });

  it('scopes the trust to the cluster only when asked, and not at all only on explicit opt-out the platform allows', async () => {
    await runAction(action, {
      cluster: PROD_CLUSTER,
      roleName: 'bs-cluster-wide',
      trustScope: 'cluster',
      tags: { owner: 'team-orders' },
    });
    const unscopedRequest = {
      cluster: PROD_CLUSTER,
      roleName: 'bs-unscoped',
      trustScope: 'none',
      tags: { owner: 'team-orders' },
    };
    harness.sandbox.clearMutations();
    const refused = runAction(action, unscopedRequest);
    await expect(refused).rejects.toThrow(InputError);
    await expect(refused).rejects.toThrow(
      /trustScope "none" is not allowed by the platform guardrails/,
    );
    expect(harness.sandbox.mutations()).toEqual([]);
    await runAction(
      createRoleCreateAction(
        depsWith(harness, {
          guardrails: {
            ...TEST_GUARDRAILS,
            allowedTrustScopes: ['service-account', 'cluster', 'none'],
          },
        }),
      ),
      unscopedRequest,
    );

    const clusterWide = await harness.deps.iam.readRole(
      PROD,
      'bs-cluster-wide',
    );
    expect(clusterWide!.trustPolicy.Statement).toEqual([
      expect.objectContaining({
        Condition: {
          StringEquals: { 'aws:SourceAccount': PROD },
          ArnEquals: { 'aws:SourceArn': PROD_CLUSTER_ARN },
        },
      }),
    ]);
    const unscoped = await harness.deps.iam.readRole(PROD, 'bs-unscoped');
    expect(
      (unscoped!.trustPolicy.Statement as any[])[0].Condition,
    ).toBeUndefined();
    expect(clusterWide!.inlinePolicies).toEqual([]);
  });

  it('gives a cross-account role exactly AssumeRole and TagSession on the target, and outputs the target trust policy', async () => {
    const { outputs } = await runAction(action, {
      cluster: PROD_CLUSTER,
      namespace: 'team-data',
      serviceAccount: 'inventory-sync',
      roleName: 'bs-inventory-sync-chain',
      targetRoleArn: TARGET_ROLE_ARN,
      tags: { owner: 'team-data' },
    });

    const role = await harness.deps.iam.readRole(
      PROD,
      'bs-inventory-sync-chain',
    );
    expect(role!.inlinePolicies[0].document.Statement).toEqual([
      {
        Sid: 'AssumeTargetRole',
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Resource: TARGET_ROLE_ARN,
      },
    ]);
    expect(JSON.parse(outputs.targetTrustPolicy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'EksPodIdentityRoleChain',
          Effect: 'Allow',
          Principal: { AWS: outputs.roleArn },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
        },
      ],
    });
    // The target account is someone else's: nothing was changed there.
    expect(
      mutationsOf(harness.sandbox).filter(m => m.accountId === DATA),
    ).toEqual([]);
  });

  it('reads managed policies by content and refuses what the analysis rates high', async () => {
    const attempt = runAction(action, {
      ...input,
      managedPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess'],
    });

    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(
      /managedPolicyArns\[0\] is refused: the access analysis rates it POLICY_WILDCARD_ACTION \(high, .*NotAction/,
    );
    expect(operations()).toEqual([]);
  });

  it('refuses findings at or above refuseFindingsAtOrAbove and only warns below it', async () => {
    // The test boundary allows sts:*, so this role could assume any role.
    const hop = {
      ...input,
      customPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Hop',
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: '*',
          },
        ],
      },
    };
    await expect(runAction(action, hop)).rejects.toThrow(
      /customPolicy is refused: the access analysis rates it POLICY_LATERAL_MOVEMENT \(high, at or above the platform's limit "high"\): .*AssumeAnyRole.*statement "Hop" of inline policy "customPolicy".* Fix: /,
    );
    expect(operations()).toEqual([]);

    const lenient = await startHarness({
      eksPodIdentity: {
        guardrails: { ...TEST_GUARDRAILS, refuseFindingsAtOrAbove: 'critical' },
      },
    });
    try {
      const { outputs } = await runAction(
        createRoleCreateAction(lenient.deps),
        hop,
      );
      expect(
        outputs.findings.map((f: any) => [f.field, f.code, f.severity]),
      ).toEqual([
        ['customPolicy', 'POLICY_LATERAL_MOVEMENT', 'high'],
        ['customPolicy', 'POLICY_WILDCARD_RESOURCE_WRITE', 'medium'],
      ]);
      expect(
        await lenient.deps.iam.readRole(PROD, 'bs-team-orders-orders-worker'),
      ).toBeDefined();
    } finally {
      await lenient.stop();
    }
  });

  it('undoes a half-made role when a later IAM call fails', async () => {
    harness.sandbox.faults.failNext('iam:AttachRolePolicy');

    const attempt = runAction(action, input);

    await expect(attempt).rejects.toThrow(
      /Undone: attachment|Undone: inline policy eks-pod-identity-permissions of .*; IAM role/,
    );
    expect(
      await harness.deps.iam.readRole(PROD, 'bs-team-orders-orders-worker'),
    ).toBeUndefined();
    expect(operations()).toEqual([
      'iam:CreateRole',
      'iam:PutRolePolicy',
      'iam:DeleteRolePolicy',
      'iam:DeleteRole',
    ]);
  });
});
