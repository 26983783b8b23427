import { ApiException, V1Pod } from '@kubernetes/client-node';
import type { KubernetesSeed } from '../types';
import {
  CLUSTER_KEY,
  failureOf,
  startTestApi,
  TestApi,
} from './__testUtils__/clients';

const NODE_A = 'ip-10-0-1-10.ec2.internal';
const NODE_B = 'ip-10-0-1-11.ec2.internal';
const FARGATE = 'fargate-ip-10-0-2-5.ec2.internal';
const WINDOWS = 'ip-10-0-3-7.ec2.internal';

const SEED: KubernetesSeed = {
  namespaces: ['team-a', 'team-b'],
  serviceAccounts: [
    { namespace: 'team-a', name: 'orders' },
    { namespace: 'team-b', name: 'billing' },
    { namespace: 'kube-system', name: 'eks-pod-identity-agent' },
  ],
  nodes: [
    { name: NODE_A, labels: { 'eks.amazonaws.com/nodegroup': 'general' } },
    { name: NODE_B, labels: { 'eks.amazonaws.com/nodegroup': 'general' } },
    { name: FARGATE, labels: { 'eks.amazonaws.com/compute-type': 'fargate' } },
    { name: WINDOWS, labels: { 'kubernetes.io/os': 'windows' } },
  ],
  workloads: [
    {
      kind: 'Deployment',
      namespace: 'team-a',
      name: 'orders',
      labels: { app: 'orders', 'backstage.io/kubernetes-id': 'orders' },
      serviceAccountName: 'orders',
      replicas: 3,
      startedAt: '2025-01-10T08:00:00Z',
    },
    {
      kind: 'StatefulSet',
      namespace: 'team-b',
      name: 'ledger',
      labels: { app: 'ledger' },
      serviceAccountName: 'billing',
      replicas: 2,
    },
    {
      kind: 'DaemonSet',
      namespace: 'kube-system',
      name: 'eks-pod-identity-agent',
      labels: { 'app.kubernetes.io/name': 'eks-pod-identity-agent' },
      serviceAccountName: 'eks-pod-identity-agent',
    },
    {
      kind: 'Job',
      namespace: 'team-b',
      name: 'report',
      labels: { app: 'report' },
      serviceAccountName: 'billing',
    },
    {
      kind: 'Deployment',
      namespace: 'team-b',
      name: 'batch',
      labels: { app: 'batch' },
      nodeNames: [FARGATE],
    },
  ],
  pods: [
    {
      namespace: 'team-a',
      name: 'debug',
      labels: { app: 'debug' },
      nodeName: WINDOWS,
      startTime: '2024-12-01T00:00:00Z',
    },
  ],
};

const SEEDED_AT = new Date('2025-03-01T09:00:00Z');

const names = (pods: { items: V1Pod[] }) =>
  pods.items.map(p => p.metadata!.name!);

function statusOf(error: unknown) {
  expect(error).toBeInstanceOf(ApiException);
  return JSON.parse((error as ApiException<string>).body);
}

const checkoutDeployment = (
  serviceAccountName = 'orders',
  templateLabels = { app: 'checkout' },
) => ({
  metadata: { name: 'checkout', labels: { app: 'checkout' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'checkout' } },
    template: {
      metadata: { labels: templateLabels },
      spec: {
        serviceAccountName,
        containers: [{ name: 'app', image: 'checkout:1' }],
      },
    },
  },
});

describe('workloads, pods and nodes', () => {
  let t: TestApi;
  let clock: Date;

  beforeEach(async () => {
    clock = SEEDED_AT;
    t = await startTestApi(SEED, { now: () => clock });
    clock = new Date('2025-03-01T12:00:00Z');
  });
  afterEach(() => t.api.stop());

  describe('from the seed', () => {
    it('runs a Deployment through a ReplicaSet, with its pods spread over ordinary nodes', async () => {
      const { apps, core } = t.clients;
      const deployment = await apps.readNamespacedDeployment({
        namespace: 'team-a',
        name: 'orders',
      });
      expect(deployment.spec!.template.spec!.serviceAccountName).toBe('orders');
      expect(deployment.status).toMatchObject({
        replicas: 3,
        readyReplicas: 3,
        availableReplicas: 3,
      });

      const replicaSets = await apps.listNamespacedReplicaSet({
        namespace: 'team-a',
      });
      expect(replicaSets.items).toHaveLength(1);
      const rs = replicaSets.items[0];
      const hash = rs.metadata!.labels!['pod-template-hash'];
      expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
      expect(rs.metadata!.name).toBe(`orders-${hash}`);
      expect(rs.metadata!.ownerReferences).toEqual([
        expect.objectContaining({
          kind: 'Deployment',
          name: 'orders',
          uid: deployment.metadata!.uid,
          controller: true,
        }),
      ]);

      const pods = await core.listNamespacedPod({
        namespace: 'team-a',
        labelSelector: 'app=orders',
      });
      expect(names(pods)).toEqual([
        `orders-${hash}-0`,
        `orders-${hash}-1`,
        `orders-${hash}-2`,
      ]);
      expect(pods.items.map(p => p.spec!.nodeName)).toEqual([
        NODE_A,
        NODE_B,
        NODE_A,
      ]);
      for (const pod of pods.items) {
        expect(pod.spec!.serviceAccountName).toBe('orders');
        expect(pod.status!.phase).toBe('Running');
        expect(pod.status!.startTime).toEqual(new Date('2025-01-10T08:00:00Z'));
        expect(pod.metadata!.labels).toEqual({
          app: 'orders',
          'backstage.io/kubernetes-id': 'orders',
          'pod-template-hash': hash,
        });
        expect(pod.metadata!.ownerReferences).toEqual([
          expect.objectContaining({
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: rs.metadata!.name,
            uid: rs.metadata!.uid,
          }),
        ]);
      }
    });

    it('runs StatefulSet, DaemonSet, Job and bare pods as Kubernetes names and places them', async () => {
      const { core, apps, batch } = t.clients;
      const ledger = await core.listNamespacedPod({
        namespace: 'team-b',
        labelSelector: 'app=ledger',
      });
      expect(names(ledger)).toEqual(['ledger-0', 'ledger-1']);
      expect(ledger.items[0].metadata!.ownerReferences![0]).toMatchObject({
        kind: 'StatefulSet',
        name: 'ledger',
      });
      expect(ledger.items.map(p => p.status!.startTime)).toEqual([
        SEEDED_AT,
        SEEDED_AT,
      ]);

      const agent = await apps.readNamespacedDaemonSet({
        namespace: 'kube-system',
        name: 'eks-pod-identity-agent',
      });
      expect(agent.status).toMatchObject({
        desiredNumberScheduled: 2,
        numberReady: 2,
      });
      const agentPods = await core.listNamespacedPod({
        namespace: 'kube-system',
        labelSelector: 'app.kubernetes.io/name=eks-pod-identity-agent',
      });
      expect(agentPods.items.map(p => p.spec!.nodeName)).toEqual([
        NODE_A,
        NODE_B,
      ]);
      expect(
        agentPods.items.every(
          p => p.spec!.serviceAccountName === 'eks-pod-identity-agent',
        ),
      ).toBe(true);

      const job = await batch.readNamespacedJob({
        namespace: 'team-b',
        name: 'report',
      });
      const jobPods = await core.listNamespacedPod({
        namespace: 'team-b',
        labelSelector: 'job-name=report',
      });
      expect(jobPods.items).toHaveLength(1);
      expect(jobPods.items[0].metadata!.name).toMatch(
        /^report-[a-z0-9]{10}-0$/,
      );
      expect(jobPods.items[0].metadata!.labels).toMatchObject({
        'batch.kubernetes.io/controller-uid': job.metadata!.uid,
      });
      expect(job.spec!.selector).toEqual({
        matchLabels: {
          'batch.kubernetes.io/controller-uid': job.metadata!.uid,
        },
      });

      const batchPods = await core.listNamespacedPod({
        namespace: 'team-b',
        labelSelector: 'app=batch',
      });
      expect(
        batchPods.items.map(p => [
          p.spec!.nodeName,
          p.spec!.serviceAccountName,
        ]),
      ).toEqual([[FARGATE, 'default']]);

      const debug = await core.readNamespacedPod({
        namespace: 'team-a',
        name: 'debug',
      });
      expect(debug.spec).toMatchObject({
        nodeName: WINDOWS,
        serviceAccountName: 'default',
      });
      expect(debug.status!.startTime).toEqual(new Date('2024-12-01T00:00:00Z'));
      expect(debug.metadata!.ownerReferences).toBeUndefined();
    });

    it('lists nodes with their compute-type and OS labels', async () => {
      const nodes = await t.clients.core.listNode();
      const labels = Object.fromEntries(
        nodes.items.map(n => [n.metadata!.name, n.metadata!.labels]),
      );
      expect(Object.keys(labels)).toEqual([FARGATE, NODE_A, NODE_B, WINDOWS]);
      expect(labels[FARGATE]).toMatchObject({
        'eks.amazonaws.com/compute-type': 'fargate',
        'kubernetes.io/os': 'linux',
      });
      expect(labels[WINDOWS]).toMatchObject({ 'kubernetes.io/os': 'windows' });
      expect(labels[NODE_A]).toMatchObject({
        'kubernetes.io/os': 'linux',
        'topology.kubernetes.io/region': 'us-east-1',
      });
      const windows = await t.clients.core.listNode({
        labelSelector: 'kubernetes.io/os=windows',
      });
      expect(
        windows.items.map(n => n.status!.nodeInfo!.operatingSystem),
      ).toEqual(['windows']);
      expect(
        (await t.clients.core.readNode({ name: NODE_A })).metadata!.name,
      ).toBe(NODE_A);
    });
  });

  describe('label selectors, field selectors and paging', () => {
    it('selects with =, ==, !=, in, notin, exists and !', async () => {
      const { core } = t.clients;
      const all = names(await core.listPodForAllNamespaces());
      const select = async (labelSelector: string) =>
        names(await core.listPodForAllNamespaces({ labelSelector }));

      const orders = await select('app=orders');
      expect(orders).toHaveLength(3);
      expect(await select('app==orders')).toEqual(orders);
      expect(await select('app!=orders')).toEqual(
        all.filter(n => !orders.includes(n)),
      );
      const ordersAndLedger = await select('app in (orders, ledger)');
      expect(ordersAndLedger).toEqual(
        [...orders, 'ledger-0', 'ledger-1'].sort(
          (a, b) => all.indexOf(a) - all.indexOf(b),
        ),
      );
      expect(await select('app notin (orders,ledger)')).toEqual(
        all.filter(n => !ordersAndLedger.includes(n)),
      );
      expect(await select('backstage.io/kubernetes-id')).toEqual(orders);
      expect(
        (await select('!app')).every(n =>
          n.startsWith('eks-pod-identity-agent-'),
        ),
      ).toBe(true);
      expect(await select('!app')).toHaveLength(2);
      expect(
        await select(
          'app in (orders,ledger),statefulset.kubernetes.io/pod-name',
        ),
      ).toEqual(['ledger-0', 'ledger-1']);
      expect(await select('')).toEqual(all);

      const deployments = await t.clients.apps.listDeploymentForAllNamespaces({
        labelSelector: 'backstage.io/kubernetes-id=orders',
      });
      expect(deployments.items.map(d => d.metadata!.name)).toEqual(['orders']);

      for (const bad of ['app in orders', 'app=(x', '=x', 'app notin (a b)']) {
        const status = statusOf(
          await failureOf(core.listPodForAllNamespaces({ labelSelector: bad })),
        );
        expect(status).toMatchObject({ code: 400, reason: 'BadRequest' });
        expect(status.message).toMatch(/^unable to parse requirement/);
      }
    });

    it('gets and lists every workload kind, namespaced and cluster-wide, by label', async () => {
      const { apps, batch } = t.clients;
      const namesOf = (list: {
        items: Array<{ metadata?: { name?: string } }>;
      }) => list.items.map(i => i.metadata!.name);
      expect(
        namesOf(await apps.listNamespacedDeployment({ namespace: 'team-b' })),
      ).toEqual(['batch']);
      expect(
        namesOf(await apps.listDeploymentForAllNamespaces({ limit: 1 })),
      ).toEqual(['orders']);
      expect(
        namesOf(
          await apps.listNamespacedStatefulSet({
            namespace: 'team-b',
            labelSelector: 'app=ledger',
          }),
        ),
      ).toEqual(['ledger']);
      expect(
        namesOf(
          await apps.listStatefulSetForAllNamespaces({
            labelSelector: 'app!=ledger',
          }),
        ),
      ).toEqual([]);
      expect(
        (
          await apps.readNamespacedStatefulSet({
            namespace: 'team-b',
            name: 'ledger',
          })
        ).status,
      ).toMatchObject({ replicas: 2 });
      expect(
        namesOf(
          await apps.listNamespacedDaemonSet({ namespace: 'kube-system' }),
        ),
      ).toEqual(['eks-pod-identity-agent']);
      expect(
        namesOf(
          await apps.listDaemonSetForAllNamespaces({
            labelSelector: 'app.kubernetes.io/name',
          }),
        ),
      ).toEqual(['eks-pod-identity-agent']);
      expect(
        namesOf(await batch.listNamespacedJob({ namespace: 'team-b' })),
      ).toEqual(['report']);
      expect(
        namesOf(
          await batch.listJobForAllNamespaces({
            labelSelector: 'app in (report)',
          }),
        ),
      ).toEqual(['report']);
      expect(
        namesOf(await batch.listNamespacedJob({ namespace: 'team-a' })),
      ).toEqual([]);
      expect(
        namesOf(
          await apps.listReplicaSetForAllNamespaces({
            labelSelector: 'app=orders',
          }),
        ),
      ).toEqual([expect.stringMatching(/^orders-/)]);
    });

    it('selects pods by service account, node and phase with a field selector', async () => {
      const { core } = t.clients;
      const billing = await core.listPodForAllNamespaces({
        fieldSelector: 'spec.serviceAccountName=billing',
      });
      expect(billing.items.map(p => p.metadata!.namespace)).toEqual([
        'team-b',
        'team-b',
        'team-b',
      ]);
      const onFargate = await core.listPodForAllNamespaces({
        fieldSelector: `spec.nodeName=${FARGATE},status.phase=Running`,
      });
      expect(onFargate.items.map(p => p.metadata!.labels!.app)).toEqual([
        'batch',
      ]);
      const status = statusOf(
        await failureOf(
          core.listPodForAllNamespaces({
            fieldSelector: 'spec.hostNetwork=true',
          }),
        ),
      );
      expect(status).toMatchObject({
        code: 400,
        message: 'field label not supported: spec.hostNetwork',
      });
    });

    it('pages with limit and continue, namespaced and cluster-wide', async () => {
      const { core } = t.clients;
      const all = await core.listPodForAllNamespaces();
      expect(all.metadata!._continue).toBeUndefined();

      const firstPage = await core.listPodForAllNamespaces({ limit: 4 });
      expect(firstPage.metadata!.remainingItemCount).toBe(all.items.length - 4);
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await core.listPodForAllNamespaces({
          limit: 4,
          _continue: token,
        });
        expect(page.items.length).toBeLessThanOrEqual(4);
        seen.push(
          ...page.items.map(
            p => `${p.metadata!.namespace}/${p.metadata!.name}`,
          ),
        );
        token = page.metadata!._continue;
        pages++;
      } while (token);
      expect(seen).toEqual(
        all.items.map(p => `${p.metadata!.namespace}/${p.metadata!.name}`),
      );
      expect(pages).toBe(Math.ceil(all.items.length / 4));

      const first = await core.listNamespacedPod({
        namespace: 'team-a',
        limit: 2,
        labelSelector: 'app=orders',
      });
      expect(first.items).toHaveLength(2);
      expect(first.metadata!.remainingItemCount).toBeUndefined();
      const rest = await core.listNamespacedPod({
        namespace: 'team-a',
        limit: 2,
        labelSelector: 'app=orders',
        _continue: first.metadata!._continue,
      });
      expect(names(rest)).toHaveLength(1);
      expect(rest.metadata!._continue).toBeUndefined();

      const bad = statusOf(
        await failureOf(
          core.listPodForAllNamespaces({ limit: 2, _continue: 'not-a-token' }),
        ),
      );
      expect(bad).toMatchObject({ code: 400, reason: 'BadRequest' });
    });
  });

  describe('through the API', () => {
    it('creates a Deployment with its pods, and deleting it removes its ReplicaSet and pods', async () => {
      const { apps, core } = t.clients;
      const created = await apps.createNamespacedDeployment({
        namespace: 'team-a',
        body: checkoutDeployment(),
      });
      expect(created).toMatchObject({
        kind: 'Deployment',
        metadata: { generation: 1 },
        status: { replicas: 2, readyReplicas: 2 },
      });

      const pods = await core.listNamespacedPod({
        namespace: 'team-a',
        labelSelector: 'app=checkout',
      });
      expect(pods.items).toHaveLength(2);
      expect(pods.items.map(p => p.status!.startTime)).toEqual([clock, clock]);
      expect(
        pods.items.every(
          p => p.spec!.serviceAccountName === 'orders' && p.spec!.nodeName,
        ),
      ).toBe(true);
      expect(t.mutations).toEqual([
        expect.objectContaining({
          service: 'kubernetes',
          operation: 'create Deployment',
          cluster: 'prod-use1',
          target: 'team-a/checkout',
        }),
      ]);

      const status = await apps.deleteNamespacedDeployment({
        namespace: 'team-a',
        name: 'checkout',
      });
      expect(status).toMatchObject({
        kind: 'Status',
        status: 'Success',
        details: { name: 'checkout', group: 'apps', kind: 'deployments' },
      });
      expect(
        (
          await core.listNamespacedPod({
            namespace: 'team-a',
            labelSelector: 'app=checkout',
          })
        ).items,
      ).toEqual([]);
      expect(
        (
          await apps.listNamespacedReplicaSet({ namespace: 'team-a' })
        ).items.map(rs => rs.metadata!.name),
      ).not.toContainEqual(expect.stringMatching(/^checkout-/));
      expect(t.mutations.map(m => m.operation)).toEqual([
        'create Deployment',
        'delete Deployment',
      ]);
    });

    it('orphans the ReplicaSet and pods when asked to', async () => {
      const { apps, core } = t.clients;
      await apps.deleteNamespacedDeployment({
        namespace: 'team-a',
        name: 'orders',
        propagationPolicy: 'Orphan',
      });
      const rs = await apps.listNamespacedReplicaSet({ namespace: 'team-a' });
      expect(rs.items).toHaveLength(1);
      expect(rs.items[0].metadata!.ownerReferences).toBeUndefined();
      expect(
        (
          await core.listNamespacedPod({
            namespace: 'team-a',
            labelSelector: 'app=orders',
          })
        ).items,
      ).toHaveLength(3);
    });

    it('replaces a deleted pod of a workload with a new one that starts now', async () => {
      const { core } = t.clients;
      const before = await core.listNamespacedPod({
        namespace: 'team-a',
        labelSelector: 'app=orders',
      });
      const victim = before.items[0].metadata!.name!;
      const deleted = await core.deleteNamespacedPod({
        namespace: 'team-a',
        name: victim,
      });
      expect(deleted.metadata!.deletionTimestamp).toEqual(clock);

      const after = await core.listNamespacedPod({
        namespace: 'team-a',
        labelSelector: 'app=orders',
      });
      expect(after.items).toHaveLength(3);
      expect(names(after)).not.toContain(victim);
      const replacement = after.items.find(
        p => !names(before).includes(p.metadata!.name!),
      )!;
      expect(replacement.metadata!.name).toMatch(/-3$/);
      expect(replacement.status!.startTime).toEqual(clock);
      expect(t.mutations.map(m => [m.operation, m.target])).toEqual([
        ['delete Pod', `team-a/${victim}`],
      ]);
    });

    it('creates StatefulSets, DaemonSets and Jobs with their pods', async () => {
      const { apps, batch, core } = t.clients;
      const template = (app: string) => ({
        metadata: { labels: { app } },
        spec: {
          serviceAccountName: 'billing',
          containers: [{ name: 'app', image: `${app}:1` }],
          restartPolicy: 'Never',
        },
      });
      await apps.createNamespacedStatefulSet({
        namespace: 'team-b',
        body: {
          metadata: { name: 'cache' },
          spec: {
            replicas: 2,
            serviceName: 'cache',
            selector: { matchLabels: { app: 'cache' } },
            template: template('cache'),
          },
        },
      });
      await apps.createNamespacedDaemonSet({
        namespace: 'team-b',
        body: {
          metadata: { name: 'logs' },
          spec: {
            selector: { matchLabels: { app: 'logs' } },
            template: template('logs'),
          },
        },
      });
      const job = await batch.createNamespacedJob({
        namespace: 'team-b',
        body: {
          metadata: { name: 'migrate' },
          spec: { template: template('migrate') },
        },
      });
      expect(job.spec!.selector).toEqual({
        matchLabels: {
          'batch.kubernetes.io/controller-uid': job.metadata!.uid,
        },
      });

      const byApp = async (app: string) =>
        names(
          await core.listNamespacedPod({
            namespace: 'team-b',
            labelSelector: `app=${app}`,
          }),
        );
      expect(await byApp('cache')).toEqual(['cache-0', 'cache-1']);
      expect(await byApp('logs')).toHaveLength(2);
      expect(await byApp('migrate')).toEqual([
        expect.stringMatching(/^migrate-[a-z0-9]{10}-0$/),
      ]);

      await batch.deleteNamespacedJob({ namespace: 'team-b', name: 'migrate' });
      await apps.deleteNamespacedDaemonSet({
        namespace: 'team-b',
        name: 'logs',
      });
      await apps.deleteNamespacedStatefulSet({
        namespace: 'team-b',
        name: 'cache',
      });
      for (const app of ['cache', 'logs', 'migrate'])
        expect(await byApp(app)).toEqual([]);
      expect(t.mutations.map(m => m.operation)).toEqual([
        'create StatefulSet',
        'create DaemonSet',
        'create Job',
        'delete Job',
        'delete DaemonSet',
        'delete StatefulSet',
      ]);
    });

    it('starts no pods for a workload until its service account exists, and refuses such a bare pod', async () => {
      const { apps, core } = t.clients;
      await apps.createNamespacedDeployment({
        namespace: 'team-a',
        body: checkoutDeployment('checkout'),
      });
      expect(
        (
          await core.listNamespacedPod({
            namespace: 'team-a',
            labelSelector: 'app=checkout',
          })
        ).items,
      ).toEqual([]);
      expect(
        (
          await apps.readNamespacedDeployment({
            namespace: 'team-a',
            name: 'checkout',
          })
        ).status!.replicas,
      ).toBe(0);

      const refused = statusOf(
        await failureOf(
          core.createNamespacedPod({
            namespace: 'team-a',
            body: {
              metadata: { name: 'lonely' },
              spec: {
                serviceAccountName: 'checkout',
                containers: [{ name: 'a', image: 'a' }],
              },
            },
          }),
        ),
      );
      expect(refused).toMatchObject({
        code: 403,
        reason: 'Forbidden',
        message:
          'pods "lonely" is forbidden: error looking up service account team-a/checkout: serviceaccount "checkout" not found',
      });

      await core.createNamespacedServiceAccount({
        namespace: 'team-a',
        body: { metadata: { name: 'checkout' } },
      });
      expect(
        (
          await core.listNamespacedPod({
            namespace: 'team-a',
            labelSelector: 'app=checkout',
          })
        ).items,
      ).toHaveLength(2);
      expect(
        (
          await apps.readNamespacedDeployment({
            namespace: 'team-a',
            name: 'checkout',
          })
        ).status!.replicas,
      ).toBe(2);

      const pod = await core.createNamespacedPod({
        namespace: 'team-a',
        body: {
          metadata: { name: 'lonely' },
          spec: {
            serviceAccountName: 'checkout',
            containers: [{ name: 'a', image: 'a' }],
          },
        },
      });
      expect(pod.status).toMatchObject({ phase: 'Running', startTime: clock });
      expect([NODE_A, NODE_B]).toContain(pod.spec!.nodeName);
    });

    it('validates workloads and answers 404 for missing ones', async () => {
      const { apps, core } = t.clients;
      const mismatch = statusOf(
        await failureOf(
          apps.createNamespacedDeployment({
            namespace: 'team-a',
            body: checkoutDeployment('orders', { app: 'other' }),
          }),
        ),
      );
      expect(mismatch).toMatchObject({
        code: 422,
        reason: 'Invalid',
        details: {
          kind: 'Deployment',
          group: 'apps',
          causes: [{ field: 'spec.template.metadata.labels' }],
        },
      });
      expect(mismatch.message).toContain(
        '`selector` does not match template `labels`',
      );

      const noContainers = checkoutDeployment();
      noContainers.spec.template.spec.containers = [];
      expect(
        statusOf(
          await failureOf(
            apps.createNamespacedDeployment({
              namespace: 'team-a',
              body: noContainers,
            }),
          ),
        ),
      ).toMatchObject({
        code: 422,
        message:
          'Deployment "checkout" is invalid: spec.template.spec.containers: Required value',
      });

      expect(
        statusOf(
          await failureOf(
            apps.createNamespacedDeployment({
              namespace: 'nope',
              body: checkoutDeployment(),
            }),
          ),
        ),
      ).toMatchObject({
        code: 404,
        message: 'namespaces "nope" not found',
      });
      expect(
        statusOf(
          await failureOf(
            apps.readNamespacedDeployment({
              namespace: 'team-a',
              name: 'nope',
            }),
          ),
        ),
      ).toMatchObject({
        code: 404,
        message: 'deployments.apps "nope" not found',
        details: { name: 'nope', group: 'apps', kind: 'deployments' },
      });
      expect(
        statusOf(
          await failureOf(
            apps.createNamespacedDeployment({
              namespace: 'team-a',
              body: { ...checkoutDeployment(), metadata: { name: 'orders' } },
            }),
          ),
        ),
      ).toMatchObject({
        code: 409,
        message: 'deployments.apps "orders" already exists',
      });
      expect(
        statusOf(
          await failureOf(
            core.deleteNamespacedPod({ namespace: 'team-a', name: 'nope' }),
          ),
        ),
      ).toMatchObject({
        code: 404,
        message: 'pods "nope" not found',
      });
      expect(t.mutations).toEqual([]);
    });
  });

  it('exports its state in seed form', () => {
    const exported = t.api.store(CLUSTER_KEY).toSeed();
    expect(exported.namespaces).toEqual(['team-a', 'team-b']);
    expect(
      exported.serviceAccounts!.map(sa => `${sa.namespace}/${sa.name}`),
    ).toEqual([
      'kube-system/eks-pod-identity-agent',
      'team-a/orders',
      'team-b/billing',
    ]);
    expect(exported.workloads).toEqual(
      expect.arrayContaining([
        {
          kind: 'Deployment',
          namespace: 'team-a',
          name: 'orders',
          labels: { app: 'orders', 'backstage.io/kubernetes-id': 'orders' },
          podLabels: { app: 'orders', 'backstage.io/kubernetes-id': 'orders' },
          serviceAccountName: 'orders',
          replicas: 3,
        },
        expect.objectContaining({
          kind: 'Deployment',
          name: 'batch',
          nodeNames: [FARGATE],
        }),
        expect.objectContaining({
          kind: 'Job',
          name: 'report',
          podLabels: { app: 'report' },
          replicas: 1,
        }),
      ]),
    );
    expect(exported.workloads).toHaveLength(5);
    expect(exported.pods).toEqual([
      {
        namespace: 'team-a',
        name: 'debug',
        labels: { app: 'debug' },
        serviceAccountName: 'default',
        nodeName: WINDOWS,
        startTime: '2024-12-01T00:00:00Z',
      },
    ]);
  });
});
