import { ConflictError, InputError } from '@backstage/errors';
import { PROD, PROD_CLUSTER } from '../__testUtils__/estate';
import { failNextKubernetesWrite } from '../__testUtils__/faults';
import {
  Harness,
  mutationsOf,
  runAction,
  startHarness,
} from '../__testUtils__/harness';
import { createServiceAccountCreateAction } from './serviceAccountCreate';

describe('eks-pod-identity:service-account:create', () => {
  let harness: Harness;
  let action: ReturnType<typeof createServiceAccountCreateAction>;

  beforeEach(async () => {
    harness = await startHarness();
    action = createServiceAccountCreateAction(harness.deps);
  });
  afterEach(() => harness.stop());

  const cluster = { accountId: PROD, region: 'us-east-1', name: PROD_CLUSTER };
  const kube = () => harness.deps.kubernetes.forCluster(cluster);
  const operations = () =>
    mutationsOf(harness.sandbox).map(m => `${m.operation} ${m.target}`);

  it('creates the service account with its labels and annotations in an existing namespace', async () => {
    const { outputs } = await runAction(action, {
      cluster: PROD_CLUSTER,
      namespace: 'team-orders',
      name: 'orders-worker',
      labels: { 'app.kubernetes.io/name': 'orders-worker' },
      annotations: { 'example.com/owner': 'team-orders' },
    });

    expect(operations()).toEqual([
      'create ServiceAccount team-orders/orders-worker',
    ]);
    const created = await kube().readServiceAccount(
      'team-orders',
      'orders-worker',
    );
    expect(created?.metadata).toMatchObject({
      labels: { 'app.kubernetes.io/name': 'orders-worker' },
      annotations: { 'example.com/owner': 'team-orders' },
    });
    expect(outputs.serviceAccount).toBe(
      `${PROD_CLUSTER}:team-orders/orders-worker`,
    );
  });

  it('creates the namespace first when asked, and changes nothing on a second run', async () => {
    const input = {
      cluster: PROD_CLUSTER,
      namespace: 'team-returns',
      name: 'returns-api',
      createNamespace: true,
    };
    await runAction(action, input);
    expect(operations()).toEqual([
      'create Namespace team-returns',
      'create ServiceAccount team-returns/returns-api',
    ]);
    harness.sandbox.clearMutations();

    const { outputs } = await runAction(action, input, { taskId: 'task-2' });

    expect(operations()).toEqual([]);
    expect(outputs.plan.map((c: any) => c.action)).toEqual(['reuse', 'reuse']);
  });

  it('refuses an existing service account whose labels differ', async () => {
    const attempt = runAction(action, {
      cluster: PROD_CLUSTER,
      namespace: 'team-payments',
      name: 'labelled',
      labels: { 'app.kubernetes.io/name': 'something-else' },
    });

    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt).rejects.toThrow(
      /team-payments\/labelled already exists and differs from the request: label app.kubernetes.io\/name="labelled"/,
    );
    expect(operations()).toEqual([]);
  });

  it('refuses the IRSA role annotation (the first step of the reproduced hijack) and other reserved keys, creating nothing', async () => {
    const attempt = runAction(action, {
      cluster: PROD_CLUSTER,
      namespace: 'team-orders',
      name: 'evil',
      annotations: {
        'eks.amazonaws.com/role-arn': `arn:aws:iam::${PROD}:role/BreakGlassAdmin`,
        'EKS.amazonaws.com/audience': 'sts.amazonaws.com',
        'kubernetes.io/enforce-mountable-secrets': 'false',
      },
      labels: { 'backstage.io/kubernetes-id': 'payments-api' },
    });

    await expect(attempt).rejects.toThrow(InputError);
    const message = await attempt.catch(e => e.message);
    expect(message).toMatch(
      /annotations\.eks\.amazonaws\.com\/role-arn is a reserved key \(it configures IRSA; AWS access is granted through a Pod Identity association/,
    );
    expect(message).toMatch(
      /annotations\.EKS\.amazonaws\.com\/audience is a reserved key/,
    );
    expect(message).toMatch(
      /annotations\.kubernetes\.io\/enforce-mountable-secrets is a reserved key/,
    );
    expect(message).toMatch(
      /labels\.backstage\.io\/kubernetes-id is a reserved key/,
    );
    expect(operations()).toEqual([]);
    expect(
      await kube().readServiceAccount('team-orders', 'evil'),
    ).toBeUndefined();
  });

  it('says how to fix a missing namespace instead of creating it unasked', async () => {
    const attempt = runAction(action, {
      cluster: PROD_CLUSTER,
      namespace: 'team-returns',
      name: 'returns-api',
    });

    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(/set createNamespace to true/);
    expect(operations()).toEqual([]);
  });

  it('plans without changing anything in a dry run', async () => {
    const { outputs } = await runAction(
      action,
      {
        cluster: PROD_CLUSTER,
        namespace: 'team-returns',
        name: 'returns-api',
        createNamespace: true,
      },
      { isDryRun: true },
    );

    expect(operations()).toEqual([]);
    expect(outputs.plan.map((c: any) => `${c.action} ${c.resource}`)).toEqual([
      'create kubernetes-namespace',
      'create kubernetes-service-account',
    ]);
    expect(await kube().readNamespace('team-returns')).toBeUndefined();
  });

  it('removes the namespace it made when the service account cannot be created', async () => {
    const failing = createServiceAccountCreateAction({
      ...harness.deps,
      kubernetes: failNextKubernetesWrite(
        harness.deps.kubernetes,
        'createServiceAccount',
      ),
    });

    const attempt = runAction(failing, {
      cluster: PROD_CLUSTER,
      namespace: 'team-returns',
      name: 'returns-api',
      createNamespace: true,
    });

    await expect(attempt).rejects.toThrow(
      /injected failure of createServiceAccount Undone: namespace prod-use1:team-returns\./,
    );
    expect(operations()).toEqual([
      'create Namespace team-returns',
      'delete Namespace team-returns',
    ]);
  });
});
