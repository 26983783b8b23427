import { ConflictError, InputError } from '@backstage/errors';
import type { EksGateway } from '@pod-identity/plugin-eks-pod-identity-node';
import { clientRequestToken } from '../provisioning/ensureAssociation';
import { PROD, PROD_CLUSTER, TARGET_ROLE_ARN } from '../__testUtils__/estate';
import {
  Harness,
  mutationsOf,
  runAction,
  startHarness,
} from '../__testUtils__/harness';
import { createAssociationCreateAction } from './associationCreate';

describe('eks-pod-identity:association:create', () => {
  let harness: Harness;
  let action: ReturnType<typeof createAssociationCreateAction>;

  beforeEach(async () => {
    harness = await startHarness();
    action = createAssociationCreateAction(harness.deps);
  });
  afterEach(() => harness.stop());

  const cluster = { accountId: PROD, region: 'us-east-1', name: PROD_CLUSTER };
  const roleArn = `arn:aws:iam::${PROD}:role/backstage/bs-orders-api`;
  const input = {
    cluster: PROD_CLUSTER,
    namespace: 'team-orders',
    serviceAccount: 'orders-api',
    roleArn,
    tags: { owner: 'team-orders' },
    entityRef: 'component:default/orders-api',
  };
  const operations = () =>
    mutationsOf(harness.sandbox).map(m => `${m.service}:${m.operation}`);

  it('creates the association with the tags and outputs its id, ARN and the entity link', async () => {
    const { outputs } = await runAction(action, input);

    expect(operations()).toEqual(['eks:CreatePodIdentityAssociation']);
    const record = await harness.deps.eks.describeAssociation(
      cluster,
      outputs.associationId,
    );
    expect(record).toMatchObject({
      associationArn: outputs.associationArn,
      namespace: 'team-orders',
      serviceAccount: 'orders-api',
      roleArn,
      disableSessionTags: false,
      tags: {
        owner: 'team-orders',
        'eks-pod-identity/managed-by': 'backstage-scaffolder',
        'backstage.io/entity-ref': 'component:default/orders-api',
      },
    });
    expect(outputs.entityUrl).toBe(
      'http://localhost:3000/catalog/default/component/orders-api/aws-access',
    );
  });

  it('reuses an identical association on a second run', async () => {
    const first = await runAction(action, input);
    harness.sandbox.clearMutations();

    const second = await runAction(action, input, { taskId: 'task-2' });

    expect(operations()).toEqual([]);
    expect(second.outputs.associationId).toBe(first.outputs.associationId);
  });

  it('refuses when the service account already has a different association', async () => {
    const attempt = runAction(action, {
      ...input,
      namespace: 'team-search',
      serviceAccount: 'search-api',
    });

    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt).rejects.toThrow(
      /association for prod-use1:team-search\/search-api already exists \(a-\w+\) with role arn:aws:iam::111111111111:role\/shared-by-hand/,
    );
    expect(operations()).toEqual([]);
  });

  it('plans without changing anything in a dry run', async () => {
    const { outputs } = await runAction(action, input, { isDryRun: true });

    expect(operations()).toEqual([]);
    expect(outputs.associationId).toBeUndefined();
    expect(outputs.plan).toEqual([
      expect.objectContaining({
        resource: 'eks-pod-identity-association',
        action: 'create',
        target: 'prod-use1:team-orders/orders-api',
      }),
    ]);
  });

  it('sets a session policy when session tags are off', async () => {
    const sessionPolicy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::orders-data/*',
        },
      ],
    };
    const { outputs } = await runAction(action, {
      ...input,
      roleArn: `arn:aws:iam::${PROD}:role/backstage/bs-orders-reporting`,
      disableSessionTags: true,
      sessionPolicy: JSON.stringify(sessionPolicy),
    });

    const record = await harness.deps.eks.describeAssociation(
      cluster,
      outputs.associationId,
    );
    expect(record.disableSessionTags).toBe(true);
    expect(record.sessionPolicy).toEqual(sessionPolicy);
  });

  it('outputs the trust policy the target role needs, with the external id EKS issued', async () => {
    const { outputs } = await runAction(action, {
      ...input,
      namespace: 'team-data',
      serviceAccount: 'inventory-sync',
      targetRoleArn: TARGET_ROLE_ARN,
    });

    const record = await harness.deps.eks.describeAssociation(
      cluster,
      outputs.associationId,
    );
    expect(record.targetRoleArn).toBe(TARGET_ROLE_ARN);
    expect(record.externalId).toBeTruthy();
    expect(JSON.parse(outputs.targetTrustPolicy).Statement).toEqual([
      {
        Sid: 'EksPodIdentityRoleChain',
        Effect: 'Allow',
        Principal: { AWS: roleArn },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringEquals: { 'sts:ExternalId': record.externalId } },
      },
    ]);
  });

  it('refuses a role outside the cluster account, naming targetRoleArn as the way', async () => {
    const attempt = runAction(action, { ...input, roleArn: TARGET_ROLE_ARN });

    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(
      /roleArn .* is not in the cluster's account 111111111111: .* use it as targetRoleArn/,
    );
    expect(operations()).toEqual([]);
  });

  it('adopts an identical association created concurrently (ResourceInUseException)', async () => {
    await runAction(action, input);
    harness.sandbox.clearMutations();
    // A stale read: the association is made between this run's look-up and its create.
    const stale: EksGateway = Object.create(harness.deps.eks);
    stale.listAssociations = async () => [];
    const racing = createAssociationCreateAction({
      ...harness.deps,
      eks: stale,
    });

    const { outputs } = await runAction(racing, input, { taskId: 'task-2' });

    expect(operations()).toEqual([]);
    expect(outputs.associationId).toMatch(/^a-/);
  });

  it('derives the same clientRequestToken for a retry of the same task step only', () => {
    const parts = [
      'task-1',
      'step',
      'arn:cluster',
      'team-orders',
      'orders-api',
    ];
    expect(clientRequestToken(parts)).toBe(clientRequestToken([...parts]));
    expect(clientRequestToken(parts)).not.toBe(
      clientRequestToken(['task-2', ...parts.slice(1)]),
    );
    expect(clientRequestToken(parts)).toMatch(/^[0-9a-f]{64}$/);
  });
});
