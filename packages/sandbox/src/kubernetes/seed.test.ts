import type { KubernetesSeed } from '../types';
import {
  CLUSTER_KEY,
  CLUSTER_META,
  GOOD_TOKEN,
  startTestApi,
  TestApi,
} from './__testUtils__/clients';

describe('kubernetes seed', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.api.stop());

  const load = (seed: KubernetesSeed) => () => {
    const key = `${CLUSTER_META.accountId}.${CLUSTER_META.region}.seeded`;
    try {
      t.api.addCluster(key, seed, { ...CLUSTER_META, clusterName: 'seeded' });
    } finally {
      t.api.removeCluster(key);
    }
  };

  it('starts an unseeded cluster with the system namespaces, each with a default service account', async () => {
    const { core } = t.clients;
    expect(
      (await core.listNamespace()).items.map(n => n.metadata!.name),
    ).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(
      (await core.listServiceAccountForAllNamespaces()).items,
    ).toHaveLength(4);
    expect((await core.listNode()).items).toEqual([]);
    expect(t.api.store(CLUSTER_KEY).toSeed()).toEqual({
      namespaces: [],
      serviceAccounts: [],
      nodes: [],
      workloads: [],
      pods: [],
    });
  });

  it('lets the seed annotate a namespace default service account', async () => {
    const key = '111111111111.us-east-1.annotated';
    t.api.addCluster(
      key,
      {
        serviceAccounts: [
          {
            namespace: 'team-a',
            name: 'default',
            annotations: {
              'eks.amazonaws.com/role-arn': 'arn:aws:iam::111111111111:role/x',
            },
          },
        ],
      },
      { ...CLUSTER_META, clusterName: 'annotated' },
    );
    const sa = await t
      .clientsWith(GOOD_TOKEN, t.api.caPem, key)
      .core.readNamespacedServiceAccount({
        namespace: 'team-a',
        name: 'default',
      });
    expect(sa.metadata!.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::111111111111:role/x',
    });
    t.api.removeCluster(key);
  });

  it("starts pods at seeded times, relative ones counted back from the cluster's clock", async () => {
    const now = new Date('2027-03-01T12:00:00Z');
    const dated = await startTestApi(
      {
        namespaces: ['a'],
        nodes: [{ name: 'node-1' }],
        workloads: [
          {
            kind: 'Deployment',
            namespace: 'a',
            name: 'old',
            startedAt: '-400d',
          },
          {
            kind: 'Deployment',
            namespace: 'a',
            name: 'recent',
            startedAt: '-1d2h30m',
          },
          {
            kind: 'Deployment',
            namespace: 'a',
            name: 'fixed',
            startedAt: '2026-11-02T09:00:00Z',
          },
          { kind: 'Deployment', namespace: 'a', name: 'undated' },
        ],
        pods: [{ namespace: 'a', name: 'bare', startTime: '-90s' }],
      },
      { now: () => now },
    );
    try {
      const pods = await dated.clients.core.listNamespacedPod({
        namespace: 'a',
      });
      const startOf = (prefix: string) =>
        pods.items
          .find(p => p.metadata!.name!.startsWith(prefix))!
          .status!.startTime!.toISOString();
      expect(startOf('old-')).toBe('2026-01-25T12:00:00.000Z');
      expect(startOf('recent-')).toBe('2027-02-28T09:30:00.000Z');
      expect(startOf('fixed-')).toBe('2026-11-02T09:00:00.000Z');
      expect(startOf('undated-')).toBe('2027-03-01T12:00:00.000Z');
      expect(startOf('bare')).toBe('2027-03-01T11:58:30.000Z');
    } finally {
      await dated.api.stop();
    }
  });

  it('builds the seeded objects on first use, stamped as of the seeding', async () => {
    let now = new Date('2027-03-01T12:00:00Z');
    const later = await startTestApi(
      {
        namespaces: ['a'],
        nodes: [{ name: 'node-1' }],
        workloads: [{ kind: 'Deployment', namespace: 'a', name: 'web' }],
      },
      { now: () => now },
    );
    try {
      now = new Date('2027-03-01T12:05:00Z');
      const { core, apps } = later.clients;
      const [pod] = (await core.listNamespacedPod({ namespace: 'a' })).items;
      expect(pod.metadata!.creationTimestamp!.toISOString()).toBe(
        '2027-03-01T12:00:00.000Z',
      );
      expect(pod.status!.startTime!.toISOString()).toBe(
        '2027-03-01T12:00:00.000Z',
      );
      // What is made afterwards takes the running clock.
      const created = await apps.createNamespacedDeployment({
        namespace: 'a',
        body: {
          metadata: { name: 'api' },
          spec: {
            selector: { matchLabels: { app: 'api' } },
            template: {
              metadata: { labels: { app: 'api' } },
              spec: { containers: [{ name: 'a', image: 'a' }] },
            },
          },
        },
      });
      expect(created.metadata!.creationTimestamp!.toISOString()).toBe(
        '2027-03-01T12:05:00.000Z',
      );
      expect(later.mutations.map(m => m.operation)).toEqual([
        'create Deployment',
      ]);
    } finally {
      await later.api.stop();
    }
  });

  it('names the seed entry and the fix when the seed is wrong', () => {
    expect(load({ namespaces: ['Team_A'] })).toThrow(
      /kubernetes seed of cluster 111111111111.us-east-1.seeded, namespace 'Team_A': metadata.name: Invalid value: "Team_A": a lowercase RFC 1123 label/,
    );
    expect(
      load({
        serviceAccounts: [
          { namespace: 'a', name: 'x' },
          { namespace: 'a', name: 'x' },
        ],
      }),
    ).toThrow(/service account a\/x: ServiceAccount a\/x is seeded twice/);
    expect(
      load({
        serviceAccounts: [
          { namespace: 'a', name: 'default', labels: { team: 'a' } },
          { namespace: 'a', name: 'default' },
        ],
      }),
    ).toThrow(
      /service account a\/default: ServiceAccount a\/default is seeded twice/,
    );
    expect(
      load({
        serviceAccounts: [
          { namespace: 'a', name: 'x', labels: { team: 'has space' } },
        ],
      }),
    ).toThrow(
      /service account a\/x: metadata.labels: Invalid value: "has space"/,
    );
    expect(
      load({
        workloads: [
          {
            kind: 'Deployment',
            namespace: 'a',
            name: 'web',
            nodeNames: ['ghost'],
          },
        ],
      }),
    ).toThrow(
      /Deployment a\/web: node 'ghost' is not in the seed's nodes; add it there/,
    );
    expect(
      load({
        workloads: [
          {
            kind: 'Deployment',
            namespace: 'a',
            name: 'web',
            startedAt: 'yesterday',
          },
        ],
      }),
    ).toThrow(
      /Deployment a\/web, startedAt: 'yesterday' must be an ISO date such as .* or a time before the sandbox's start/,
    );
    expect(
      load({
        pods: [{ namespace: 'a', name: 'p', serviceAccountName: 'missing' }],
      }),
    ).toThrow(
      /pod a\/p: service account a\/missing does not exist, so Kubernetes would refuse the pod; add it to serviceAccounts/,
    );
    expect(
      load({
        workloads: [{ kind: 'CronJob' as any, namespace: 'a', name: 'c' }],
      }),
    ).toThrow(
      /Unknown workload kind 'CronJob' for a\/c; use Deployment, StatefulSet, DaemonSet or Job/,
    );
  });
});
