import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import type { EksGateway } from '@pod-identity/plugin-eks-pod-identity-node';
import { clientRequestToken } from '../provisioning/ensureAssociation';
import { PROD, PROD_CLUSTER, TARGET_ROLE_ARN } from '../__testUtils__/estate';
import {
  depsWith,
  Harness,
  mutationsOf,
  runAction,
  startHarness,
  TEST_GUARDRAILS,
  administratorIam,
} from '../__testUtils__/harness';
import { PLATFORM_ADMIN } from '../__testUtils__/requesters';
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
  /** Trusts any service account of prod-use1; owned by team-orders. */
  const reportingRoleArn = `arn:aws:iam::${PROD}:role/backstage/bs-orders-reporting`;
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
        'eks-pod-identity/owner': 'group:default/team-orders',
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
      roleArn: reportingRoleArn,
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
      roleArn: reportingRoleArn,
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
      roleArn: reportingRoleArn,
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
        Principal: { AWS: reportingRoleArn },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringEquals: { 'sts:ExternalId': record.externalId } },
      },
    ]);
  });

  it("refuses another team's role to a template user (the reproduced shared-by-hand), and creates nothing", async () => {
    const sharedByHand = `arn:aws:iam::${PROD}:role/shared-by-hand`;
    const before = harness.sandbox.exportEstate();
    const attempt = runAction(action, { ...input, roleArn: sharedByHand });

    await expect(attempt).rejects.toThrow(NotAllowedError);
    await expect(attempt).rejects.toThrow(
      /^roleArn arn:aws:iam::111111111111:role\/shared-by-hand does not belong to component:default\/orders-api \(owner group:default\/team-orders\)/,
    );
    // Even the platform may bind it only once it meets the guardrails.
    const asAdmin = runAction(
      action,
      { ...input, roleArn: sharedByHand },
      { user: PLATFORM_ADMIN },
    );
    await expect(asAdmin).rejects.toThrow(InputError);
    const message = await asAdmin.catch(e => e.message);
    expect(message).toMatch(/its name does not start with "bs-"/);
    expect(message).toMatch(/its path "\/" is not "\/backstage\/"/);
    expect(message).toMatch(/its permissions boundary is missing/);
    expect(message).toMatch(
      /Pod Identity associations of any cluster in account 111111111111 \(trust scope "none"\)/,
    );
    expect(operations()).toEqual([]);
    expect(harness.sandbox.exportEstate()).toEqual(before);
  });

  it('refuses an owned role whose trust or policies a created role could not have', async () => {
    const boundary = `arn:aws:iam::${PROD}:policy/backstage-boundary`;
    const owned = { 'eks-pod-identity/owner': 'group:default/team-orders' };
    await administratorIam(harness).createRole(PROD, {
      roleName: 'bs-orders-open',
      path: '/backstage/',
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'pods.eks.amazonaws.com' },
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Condition: {
              StringEquals: {
                'aws:RequestTag/kubernetes-service-account': 'orders-api',
              },
            },
          },
        ],
      },
      permissionsBoundaryArn: boundary,
      tags: owned,
    });
    await administratorIam(harness).createRole(PROD, {
      roleName: 'bs-orders-admin',
      path: '/backstage/',
      trustPolicy: (
        await harness.deps.iam.getRole(PROD, 'bs-orders-reporting')
      ).trustPolicy,
      permissionsBoundaryArn: boundary,
      tags: owned,
    });
    await administratorIam(harness).putRolePolicy(
      PROD,
      'bs-orders-admin',
      'extra',
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }],
      },
    );
    await administratorIam(harness).attachRolePolicy(
      PROD,
      'bs-orders-admin',
      'arn:aws:iam::aws:policy/AdministratorAccess',
    );
    harness.sandbox.clearMutations();

    const open = runAction(action, {
      ...input,
      roleArn: `arn:aws:iam::${PROD}:role/backstage/bs-orders-open`,
    });
    await expect(open).rejects.toThrow(InputError);
    await expect(open).rejects.toThrow(
      /^roleArn arn:\S+bs-orders-open: its trust admits Pod Identity associations of any cluster .*trust scope "none"/,
    );
    const admin = runAction(action, {
      ...input,
      roleArn: `arn:aws:iam::${PROD}:role/backstage/bs-orders-admin`,
    });
    await expect(admin).rejects.toThrow(InputError);
    const message = await admin.catch(e => e.message);
    expect(message).toMatch(
      /bs-orders-admin: managedPolicyArns: "arn:aws:iam::aws:policy\/AdministratorAccess" is denied/,
    );
    expect(operations()).toEqual([]);
  });

  it('binds a role the platform lists in allowedExistingRoleArns for any entity, compared normalised', async () => {
    const request = {
      ...input,
      namespace: 'team-payments',
      serviceAccount: 'labelled',
      roleArn: reportingRoleArn,
      tags: { owner: 'team-payments' },
      entityRef: 'component:default/payments-api',
    };
    await expect(runAction(action, request)).rejects.toThrow(NotAllowedError);
    expect(operations()).toEqual([]);

    const listed = createAssociationCreateAction(
      depsWith(harness, {
        guardrails: {
          ...TEST_GUARDRAILS,
          allowedExistingRoleArns: [
            `arn:aws:iam::${PROD}:role/backstage//BS-ORDERS-*`,
          ],
        },
      }),
    );
    const { outputs } = await runAction(listed, request);

    expect(operations()).toEqual(['eks:CreatePodIdentityAssociation']);
    const record = await harness.deps.eks.describeAssociation(
      cluster,
      outputs.associationId,
    );
    expect(record.tags).toMatchObject({
      'backstage.io/entity-ref': 'component:default/payments-api',
      'eks-pod-identity/owner': 'group:default/team-payments',
    });
  });

  it('accepts a target role in the cluster account (EKS: "the same or different account")', async () => {
    const sameAccountTarget = `arn:aws:iam::${PROD}:role/backstage/bs-orders-api`;
    const { outputs } = await runAction(action, {
      ...input,
      roleArn: reportingRoleArn,
      namespace: 'team-data',
      serviceAccount: 'inventory-sync',
      targetRoleArn: sameAccountTarget,
    });

    const record = await harness.deps.eks.describeAssociation(
      cluster,
      outputs.associationId,
    );
    expect(record.targetRoleArn).toBe(sameAccountTarget);
    expect(JSON.parse(outputs.targetTrustPolicy).Statement[0]).toMatchObject({
      Principal: { AWS: reportingRoleArn },
      Condition: { StringEquals: { 'sts:ExternalId': record.externalId } },
    });
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
