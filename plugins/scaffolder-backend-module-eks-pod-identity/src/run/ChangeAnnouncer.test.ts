/*
 * Every mutating action announces on eks-pod-identity.changed what it changed
 * — after a real change only: not in a dry run, not when all was reused.
 */
import type { EksPodIdentityChangedEvent } from '@pod-identity/plugin-eks-pod-identity-common';
import { createEksPodIdentityActions } from '../actions';
import { IRSA_ROLE_ARN, PROD, PROD_CLUSTER } from '../__testUtils__/estate';
import { Harness, runAction, startHarness } from '../__testUtils__/harness';

const USER = 'user:default/alice';

describe('change announcements', () => {
  let harness: Harness;
  let announced: EksPodIdentityChangedEvent[];
  let action: (id: string) => ReturnType<typeof createEksPodIdentityActions>[0];

  beforeEach(async () => {
    harness = await startHarness();
    announced = [];
    const actions = createEksPodIdentityActions({
      ...harness.deps,
      changes: { announce: async event => void announced.push(event) },
    });
    action = id => actions.find(a => a.id === id)!;
  });
  afterEach(() => harness.stop());

  const workload = {
    cluster: PROD_CLUSTER,
    namespace: 'team-returns',
    serviceAccount: 'returns-worker',
  };
  const setupInput = {
    ...workload,
    createNamespace: true,
    permissions: [{ preset: 's3-read', resource: 'returns-data' }],
    tags: { owner: 'team-orders' },
    entityRef: 'component:default/returns-worker',
  };
  const roleArn = `arn:aws:iam::${PROD}:role/backstage/bs-team-returns-returns-worker`;

  it('setup announces the association, its role and who asked; a rerun and a dry run announce nothing', async () => {
    await runAction(action('eks-pod-identity:setup'), setupInput, {
      isDryRun: true,
      user: USER,
    });
    expect(announced).toEqual([]);

    const { outputs } = await runAction(
      action('eks-pod-identity:setup'),
      setupInput,
      { user: USER },
    );
    expect(announced).toEqual([
      {
        kind: 'association',
        change: 'created',
        ...workload,
        associationId: outputs.associationId,
        roleArns: [roleArn],
        entityRef: 'component:default/returns-worker',
        actor: USER,
        source: 'eks-pod-identity:setup',
      },
    ]);

    await runAction(action('eks-pod-identity:setup'), setupInput, {
      taskId: 'task-2',
      user: USER,
    });
    expect(announced).toHaveLength(1);
  });

  it('association:delete announces the deletion with the roles it touched', async () => {
    const { outputs } = await runAction(
      action('eks-pod-identity:setup'),
      setupInput,
    );
    announced.length = 0;
    await runAction(
      action('eks-pod-identity:association:delete'),
      { ...workload, deleteRole: true, entityRef: setupInput.entityRef },
      { user: USER },
    );
    expect(announced).toEqual([
      {
        kind: 'association',
        change: 'deleted',
        ...workload,
        associationId: outputs.associationId,
        roleArns: [roleArn],
        // From the association's backstage.io/entity-ref tag.
        entityRef: 'component:default/returns-worker',
        actor: USER,
        source: 'eks-pod-identity:association:delete',
      },
    ]);

    // Nothing left to delete: nothing to announce.
    await runAction(action('eks-pod-identity:association:delete'), {
      ...workload,
      entityRef: setupInput.entityRef,
    });
    expect(announced).toHaveLength(1);
  });

  it('role:create, service-account:create, association:create and irsa:migrate each announce what they made', async () => {
    await runAction(action('eks-pod-identity:role:create'), {
      ...workload,
      permissions: [{ preset: 's3-read', resource: 'returns-data' }],
      tags: { owner: 'team-orders' },
      entityRef: setupInput.entityRef,
    });
    await runAction(action('eks-pod-identity:service-account:create'), {
      cluster: PROD_CLUSTER,
      namespace: 'team-returns',
      name: 'returns-worker',
      createNamespace: true,
    });
    const { outputs } = await runAction(
      action('eks-pod-identity:association:create'),
      {
        ...workload,
        roleArn,
        tags: { owner: 'team-orders' },
        entityRef: setupInput.entityRef,
      },
    );
    expect(announced.map(e => [e.kind, e.source, e.roleArns])).toEqual([
      ['role', 'eks-pod-identity:role:create', [roleArn]],
      ['service-account', 'eks-pod-identity:service-account:create', undefined],
      ['association', 'eks-pod-identity:association:create', [roleArn]],
    ]);
    expect(announced[2].associationId).toBe(outputs.associationId);

    announced.length = 0;
    await runAction(action('eks-pod-identity:irsa:migrate'), {
      cluster: PROD_CLUSTER,
      namespace: 'team-payments',
      serviceAccount: 'payments-api',
      tags: { owner: 'team-payments' },
      entityRef: 'component:default/payments-api',
    });
    expect(announced).toEqual([
      expect.objectContaining({
        kind: 'association',
        change: 'created',
        roleArns: [IRSA_ROLE_ARN],
        source: 'eks-pod-identity:irsa:migrate',
      }),
    ]);
  });
});
