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
    ).toThrow(/Deployment a\/web, startedAt: 'yesterday' is not an ISO date/);
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
