import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { PROD, PROD_CLUSTER } from '../__testUtils__/estate';
import {
  Harness,
  mutationsOf,
  runAction,
  startHarness,
} from '../__testUtils__/harness';
import { PLATFORM_ADMIN } from '../__testUtils__/requesters';
import { createAssociationDeleteAction } from './associationDelete';
import { createSetupAction } from './setup';

describe('eks-pod-identity:association:delete', () => {
  let harness: Harness;
  let action: ReturnType<typeof createAssociationDeleteAction>;

  const cluster = { accountId: PROD, region: 'us-east-1', name: PROD_CLUSTER };
  const target = {
    cluster: PROD_CLUSTER,
    namespace: 'team-orders',
    serviceAccount: 'orders-worker',
    entityRef: 'component:default/orders-api',
  };
  const operations = () =>
    mutationsOf(harness.sandbox).map(m => `${m.service}:${m.operation}`);

  beforeEach(async () => {
    harness = await startHarness();
    action = createAssociationDeleteAction(harness.deps);
    await runAction(createSetupAction(harness.deps), {
      ...target,
      permissions: [{ preset: 'sns-publish', resource: 'orders-created' }],
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
      tags: { owner: 'team-orders' },
    });
    harness.sandbox.clearMutations();
  });
  afterEach(() => harness.stop());

  it('deletes the association and leaves the role; a second run changes nothing', async () => {
    const { outputs } = await runAction(action, target);

    expect(operations()).toEqual(['eks:DeletePodIdentityAssociation']);
    expect(outputs).toMatchObject({ deleted: true, roleDeleted: false });
    expect(
      await harness.deps.eks.listAssociations(cluster, {
        namespace: 'team-orders',
        serviceAccount: 'orders-worker',
      }),
    ).toEqual([]);
    expect(
      await harness.deps.iam.readRole(PROD, 'bs-team-orders-orders-worker'),
    ).toBeDefined();
    harness.sandbox.clearMutations();

    const again = await runAction(action, target, { taskId: 'task-2' });

    expect(operations()).toEqual([]);
    expect(again.outputs).toMatchObject({ deleted: false, roleDeleted: false });
  });

  it('deletes the role the scaffolder made, policies first, when asked', async () => {
    const { outputs } = await runAction(action, {
      ...target,
      deleteRole: true,
    });

    expect(operations()).toEqual([
      'eks:DeletePodIdentityAssociation',
      'iam:DeleteRolePolicy',
      'iam:DetachRolePolicy',
      'iam:DeleteRole',
    ]);
    expect(outputs).toMatchObject({ deleted: true, roleDeleted: true });
    expect(
      await harness.deps.iam.readRole(PROD, 'bs-team-orders-orders-worker'),
    ).toBeUndefined();
  });

  it("refuses another team's association to a template user, and deletes nothing", async () => {
    const before = harness.sandbox.exportEstate();
    const searchApi = {
      cluster: PROD_CLUSTER,
      namespace: 'team-search',
      serviceAccount: 'search-api',
    };
    for (const entityRef of [
      undefined,
      'component:default/orders-api',
      'component:default/search-api',
    ]) {
      const attempt = runAction(action, {
        ...searchApi,
        ...(entityRef ? { entityRef } : {}),
        deleteRole: true,
      });
      await expect(attempt).rejects.toThrow(NotAllowedError);
      await expect(attempt).rejects.toThrow(
        /^entityRef: the association a-\w+ of prod-use1:team-search\/search-api does not belong to/,
      );
    }
    const ownAssociation = runAction(action, {
      ...target,
      entityRef: 'component:default/payments-api',
    });
    await expect(ownAssociation).rejects.toThrow(NotAllowedError);
    expect(operations()).toEqual([]);
    expect(harness.sandbox.exportEstate()).toEqual(before);
    expect(
      await harness.deps.eks.listAssociations(cluster, {
        namespace: 'team-search',
      }),
    ).toHaveLength(1);
  });

  it("deletes for another entity of the same owner (the owner tag), and for a platform engineer anyone's", async () => {
    await runAction(action, {
      ...target,
      entityRef: 'component:default/orders-reporting',
    });
    expect(operations()).toEqual(['eks:DeletePodIdentityAssociation']);
    harness.sandbox.clearMutations();

    await runAction(
      action,
      {
        cluster: PROD_CLUSTER,
        namespace: 'team-search',
        serviceAccount: 'search-api',
      },
      { user: PLATFORM_ADMIN },
    );
    expect(operations()).toEqual(['eks:DeletePodIdentityAssociation']);
  });

  it('refuses an unreadable entity as the requester', async () => {
    const attempt = runAction(action, {
      ...target,
      entityRef: 'component:default/skunkworks-api',
    });
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(
      /entityRef "component:default\/skunkworks-api" is not a catalog entity you can read/,
    );
    expect(operations()).toEqual([]);
  });

  it('keeps a role it did not make, and deletes nothing', async () => {
    const attempt = runAction(
      action,
      {
        cluster: PROD_CLUSTER,
        namespace: 'team-search',
        serviceAccount: 'search-api',
        deleteRole: true,
      },
      { user: PLATFORM_ADMIN },
    );

    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt).rejects.toThrow(
      /shared-by-hand was not made by the Backstage scaffolder/,
    );
    expect(operations()).toEqual([]);
  });

  it('keeps a role another association still uses', async () => {
    const shared = `arn:aws:iam::${PROD}:role/backstage/bs-orders-reporting`;
    await harness.deps.eks.createAssociation(cluster, {
      namespace: 'team-orders',
      serviceAccount: 'reporting-a',
      roleArn: shared,
    });
    await harness.deps.eks.createAssociation(cluster, {
      namespace: 'team-orders',
      serviceAccount: 'reporting-b',
      roleArn: shared,
    });
    harness.sandbox.clearMutations();

    const attempt = runAction(
      action,
      {
        cluster: PROD_CLUSTER,
        namespace: 'team-orders',
        serviceAccount: 'reporting-a',
        deleteRole: true,
      },
      { user: PLATFORM_ADMIN },
    );

    await expect(attempt).rejects.toThrow(
      /also used by prod-use1:team-orders\/reporting-b/,
    );
    expect(operations()).toEqual([]);
  });

  it('refuses an association an EKS add-on manages', async () => {
    const describe = harness.deps.eks.describeAssociation.bind(
      harness.deps.eks,
    );
    const eks = Object.create(harness.deps.eks);
    eks.describeAssociation = async (c: any, id: string) => ({
      ...(await describe(c, id)),
      ownerArn:
        'arn:aws:eks:us-east-1:111111111111:addon/prod-use1/aws-ebs-csi-driver/x',
    });

    const attempt = runAction(
      createAssociationDeleteAction({ ...harness.deps, eks }),
      target,
    );

    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(
      /managed by .*aws-ebs-csi-driver.*remove it through that add-on/,
    );
    expect(operations()).toEqual([]);
  });

  it('plans the deletions without making them in a dry run', async () => {
    const { outputs } = await runAction(
      action,
      { ...target, deleteRole: true },
      { isDryRun: true },
    );

    expect(operations()).toEqual([]);
    expect(outputs.plan.map((c: any) => `${c.action} ${c.resource}`)).toEqual([
      'delete eks-pod-identity-association',
      'delete iam-role-policy',
      'delete iam-policy-attachment',
      'delete iam-role',
    ]);
    expect(outputs).toMatchObject({ deleted: false, roleDeleted: false });
  });
});
