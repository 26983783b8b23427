import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import type { PolicyDocument } from '@pod-identity/plugin-eks-pod-identity-common';
import {
  IRSA_ROLE_ARN,
  OIDC,
  PROD,
  PROD_CLUSTER,
  PROD_CLUSTER_ARN,
} from '../__testUtils__/estate';
import {
  Harness,
  mutationsOf,
  runAction,
  startHarness,
  administratorIam,
} from '../__testUtils__/harness';
import { PLATFORM_ADMIN } from '../__testUtils__/requesters';
import { createIrsaMigrateAction } from './irsaMigrate';

describe('eks-pod-identity:irsa:migrate', () => {
  let harness: Harness;
  let action: ReturnType<typeof createIrsaMigrateAction>;

  beforeEach(async () => {
    harness = await startHarness();
    action = createIrsaMigrateAction(harness.deps);
  });
  afterEach(() => harness.stop());

  const cluster = { accountId: PROD, region: 'us-east-1', name: PROD_CLUSTER };
  const input = {
    cluster: PROD_CLUSTER,
    namespace: 'team-payments',
    serviceAccount: 'payments-api',
    tags: { owner: 'team-payments' },
    entityRef: 'component:default/payments-api',
  };
  const operations = () =>
    mutationsOf(harness.sandbox).map(m => `${m.service}:${m.operation}`);
  const irsaAnnotation = async () =>
    (
      await harness.deps.kubernetes
        .forCluster(cluster)
        .readServiceAccount('team-payments', 'payments-api')
    )?.metadata?.annotations?.['eks.amazonaws.com/role-arn'];

  it('adds Pod Identity to the trust beside IRSA and creates the association, keeping the annotation', async () => {
    const { outputs } = await runAction(action, input);

    expect(operations()).toEqual([
      'iam:UpdateAssumeRolePolicy',
      'eks:CreatePodIdentityAssociation',
    ]);
    const role = await harness.deps.iam.getRole(PROD, 'payments-api-irsa');
    const statements = role.trustPolicy.Statement as any[];
    expect(statements).toHaveLength(2);
    expect(statements[0].Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(statements[1]).toEqual({
      Sid: 'EksPodIdentity',
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          'aws:SourceAccount': PROD,
          'aws:RequestTag/kubernetes-namespace': 'team-payments',
          'aws:RequestTag/kubernetes-service-account': 'payments-api',
        },
        ArnEquals: { 'aws:SourceArn': PROD_CLUSTER_ARN },
      },
    });
    expect(JSON.parse(outputs.trustPolicy).Statement).toEqual(statements);
    const association = await harness.deps.eks.describeAssociation(
      cluster,
      outputs.associationId,
    );
    expect(association.roleArn).toBe(IRSA_ROLE_ARN);
    expect(await irsaAnnotation()).toBe(IRSA_ROLE_ARN);
  });

  it('removes the IRSA annotation when asked, and a second run changes nothing', async () => {
    await runAction(action, { ...input, removeAnnotation: true });
    expect(operations()).toEqual([
      'iam:UpdateAssumeRolePolicy',
      'eks:CreatePodIdentityAssociation',
      'kubernetes:patch ServiceAccount',
    ]);
    expect(await irsaAnnotation()).toBeUndefined();
    harness.sandbox.clearMutations();

    const { outputs } = await runAction(
      action,
      { ...input, removeAnnotation: true },
      { taskId: 'task-2' },
    );

    expect(operations()).toEqual([]);
    expect(outputs.roleArn).toBe(IRSA_ROLE_ARN);
  });

  it('changes nothing on a second run that keeps the annotation', async () => {
    await runAction(action, input);
    harness.sandbox.clearMutations();

    const { outputs } = await runAction(action, input, { taskId: 'task-2' });

    expect(operations()).toEqual([]);
    expect(outputs.plan.map((c: any) => c.action)).toEqual(['reuse', 'reuse']);
  });

  it('prints the plan, with the new trust policy, in a dry run and changes nothing', async () => {
    const { outputs } = await runAction(
      action,
      { ...input, removeAnnotation: true },
      { isDryRun: true },
    );

    expect(operations()).toEqual([]);
    expect(outputs.plan).toEqual([
      expect.objectContaining({
        resource: 'iam-trust-policy',
        action: 'update',
        document: expect.objectContaining({ Statement: expect.any(Array) }),
      }),
      expect.objectContaining({
        resource: 'eks-pod-identity-association',
        action: 'create',
      }),
      expect.objectContaining({
        resource: 'kubernetes-annotation',
        action: 'delete',
      }),
    ]);
    expect(await irsaAnnotation()).toBe(IRSA_ROLE_ARN);
  });

  /** A service account written with kubectl, annotated with any role. */
  const annotatedServiceAccount = (name: string, roleArn: string) =>
    harness.deps.kubernetes
      .forCluster(cluster)
      .createServiceAccount('team-orders', name, {
        annotations: { 'eks.amazonaws.com/role-arn': roleArn },
      });
  const oidcTrust = (
    sub: string,
    operator = 'StringEquals',
  ): PolicyDocument => ({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: {
          Federated: `arn:aws:iam::${PROD}:oidc-provider/${OIDC}`,
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { [operator]: { [`${OIDC}:sub`]: sub } },
      },
    ],
  });

  it('refuses a role the annotation names but whose trust does not name this service account (the reproduced BreakGlassAdmin hijack)', async () => {
    const adminTrust: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${PROD}:root` },
          Action: 'sts:AssumeRole',
        },
      ],
    };
    await administratorIam(harness).createRole(PROD, {
      roleName: 'BreakGlassAdmin',
      path: '/',
      trustPolicy: adminTrust,
      tags: {},
    });
    await annotatedServiceAccount(
      'evil',
      `arn:aws:iam::${PROD}:role/BreakGlassAdmin`,
    );
    harness.sandbox.clearMutations();
    const evil = {
      cluster: PROD_CLUSTER,
      namespace: 'team-orders',
      serviceAccount: 'evil',
      trustScope: 'cluster',
      tags: { owner: 'team-orders' },
      entityRef: 'component:default/orders-api',
    };

    for (const user of [undefined, PLATFORM_ADMIN]) {
      const attempt = runAction(action, evil, { user });
      await expect(attempt).rejects.toThrow(InputError);
      await expect(attempt).rejects.toThrow(
        /BreakGlassAdmin of serviceAccount prod-use1:team-orders\/evil cannot be migrated: its trust policy does not let arn:aws:iam::111111111111:oidc-provider\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/0123456789ABCDEF0123456789ABCDEF \(the OIDC provider of prod-use1\) assume it for system:serviceaccount:team-orders:evil/,
      );
    }
    expect(operations()).toEqual([]);
    expect(
      (await harness.deps.iam.getRole(PROD, 'BreakGlassAdmin')).trustPolicy,
    ).toEqual(adminTrust);
    expect(
      await harness.deps.eks.listAssociations(cluster, {
        namespace: 'team-orders',
      }),
    ).toEqual([]);
  });

  it('refuses an IRSA trust that admits more service accounts than this one', async () => {
    await administratorIam(harness).createRole(PROD, {
      roleName: 'orders-any-irsa',
      path: '/',
      trustPolicy: oidcTrust(
        'system:serviceaccount:team-orders:*',
        'StringLike',
      ),
      permissionsBoundaryArn: `arn:aws:iam::${PROD}:policy/backstage-boundary`,
      tags: { 'eks-pod-identity/owner': 'group:default/team-orders' },
    });
    await annotatedServiceAccount(
      'orders-batch',
      `arn:aws:iam::${PROD}:role/orders-any-irsa`,
    );
    harness.sandbox.clearMutations();

    const attempt = runAction(action, {
      ...input,
      namespace: 'team-orders',
      serviceAccount: 'orders-batch',
      entityRef: 'component:default/orders-api',
    });

    await expect(attempt).rejects.toThrow(
      /its trust policy lets .* assume it for more service accounts than system:serviceaccount:team-orders:orders-batch/,
    );
    expect(operations()).toEqual([]);
  });

  it("refuses another team's IRSA role to a template user, and a role without the boundary to anyone", async () => {
    const asOrders = runAction(action, {
      ...input,
      entityRef: 'component:default/orders-api',
    });
    await expect(asOrders).rejects.toThrow(NotAllowedError);
    await expect(asOrders).rejects.toThrow(
      /IRSA role arn:aws:iam::111111111111:role\/payments-api-irsa does not belong to component:default\/orders-api/,
    );

    await administratorIam(harness).createRole(PROD, {
      roleName: 'orders-batch-irsa',
      path: '/',
      trustPolicy: oidcTrust('system:serviceaccount:team-orders:orders-batch'),
      tags: {},
    });
    await annotatedServiceAccount(
      'orders-batch',
      `arn:aws:iam::${PROD}:role/orders-batch-irsa`,
    );
    harness.sandbox.clearMutations();
    const unbounded = runAction(
      action,
      { ...input, namespace: 'team-orders', serviceAccount: 'orders-batch' },
      { user: PLATFORM_ADMIN },
    );
    await expect(unbounded).rejects.toThrow(InputError);
    await expect(unbounded).rejects.toThrow(
      /orders-batch-irsa of serviceAccount prod-use1:team-orders\/orders-batch: its permissions boundary is missing, the platform guardrails require arn:aws:iam::111111111111:policy\/backstage-boundary/,
    );
    expect(operations()).toEqual([]);
  });

  it("refuses an annotation naming a role outside the cluster's partition, before any IAM call", async () => {
    await annotatedServiceAccount(
      'gov',
      `arn:aws-us-gov:iam::${PROD}:role/payments-api-irsa`,
    );
    harness.sandbox.clearMutations();

    const attempt = runAction(action, {
      ...input,
      namespace: 'team-orders',
      serviceAccount: 'gov',
    });

    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(
      /names arn:aws-us-gov:iam::111111111111:role\/payments-api-irsa, outside the partition of cluster prod-use1 \(aws\)/,
    );
    expect(operations()).toEqual([]);
  });

  it('refuses a service account that does not use IRSA', async () => {
    const attempt = runAction(action, {
      ...input,
      namespace: 'team-orders',
      serviceAccount: 'orders-api',
    });

    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(
      /has no eks.amazonaws.com\/role-arn annotation.*use eks-pod-identity:setup/,
    );
    expect(operations()).toEqual([]);
  });

  it('refuses an IRSA role in another account, pointing to targetRoleArn', async () => {
    const attempt = runAction(action, {
      ...input,
      serviceAccount: 'cross-account-irsa',
    });

    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(
      /is in another account than the cluster .* use eks-pod-identity:setup with targetRoleArn arn:aws:iam::333333333333:role\/inventory-reader/,
    );
    expect(operations()).toEqual([]);
  });

  it('refuses when the service account already has an association with another role', async () => {
    await harness.deps.eks.createAssociation(cluster, {
      namespace: 'team-payments',
      serviceAccount: 'payments-api',
      roleArn: `arn:aws:iam::${PROD}:role/shared-by-hand`,
    });
    harness.sandbox.clearMutations();

    const attempt = runAction(action, input);

    await expect(attempt).rejects.toThrow(ConflictError);
    expect(operations()).toEqual([]);
    const role = await harness.deps.iam.getRole(PROD, 'payments-api-irsa');
    expect(role.trustPolicy.Statement).toHaveLength(1);
  });

  it('puts the trust policy back when the association cannot be created', async () => {
    const before = harness.sandbox.exportEstate();
    harness.sandbox.faults.failNext('eks:CreatePodIdentityAssociation');

    await expect(runAction(action, input)).rejects.toThrow(
      /Undone: trust policy change of arn:aws:iam::111111111111:role\/payments-api-irsa\./,
    );
    expect(harness.sandbox.exportEstate()).toEqual(before);
  });
});
