import { ApiException, ApisApi } from '@kubernetes/client-node';
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';
import { KubeStatusError } from './status';
import {
  CLUSTER_KEY,
  clientsFor,
  failureOf,
  GOOD_TOKEN,
  kubeConfig,
  startTestApi,
  TestApi,
} from './__testUtils__/clients';

/** A GET through the client's own TLS and auth options, to read what the generated API hides (the 401 body). */
async function rawGet(url: string, caPem: string, token?: string) {
  const kc = kubeConfig(url, caPem, token);
  const options: any = {};
  await kc.applyToHTTPSOptions(options);
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request(
      `${url}/api/v1/namespaces`,
      { ...options, method: 'GET' },
      res => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode!, body: JSON.parse(text) }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('Kubernetes API connection', () => {
  let t: TestApi;
  const seenKeys: string[] = [];
  const answered: string[] = [];
  let beforeRequest: () => Promise<void>;

  beforeAll(async () => {
    t = await startTestApi(
      { namespaces: ['team-a'] },
      {
        authenticate: (token, clusterKey) => {
          seenKeys.push(clusterKey);
          return token === GOOD_TOKEN;
        },
        beforeRequest: () => beforeRequest(),
        onCall: operation => answered.push(operation),
      },
    );
  });
  beforeEach(() => {
    seenKeys.length = 0;
    answered.length = 0;
    beforeRequest = async () => {};
  });
  afterAll(() => t.api.stop());

  it('serves each cluster under its own path prefix on 127.0.0.1', async () => {
    expect(t.api.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(t.api.clusterUrl(CLUSTER_KEY)).toBe(
      `${t.api.url}/clusters/${CLUSTER_KEY}`,
    );
    const list = await t.clients.core.listNamespace();
    expect(list.items.map(n => n.metadata!.name)).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
      'team-a',
    ]);
    expect(seenKeys).toEqual([CLUSTER_KEY]);
  });

  it('verifies TLS against the CA from DescribeCluster, for 127.0.0.1 and localhost', async () => {
    const byName = clientsFor(
      kubeConfig(
        t.api.clusterUrl(CLUSTER_KEY).replace('127.0.0.1', 'localhost'),
        t.api.caPem,
        GOOD_TOKEN,
      ),
    );
    await expect(
      byName.core.readNamespace({ name: 'team-a' }),
    ).resolves.toMatchObject({
      metadata: { name: 'team-a' },
    });

    const otherCa = rootCertificates[0];
    const error = await failureOf(
      t.clientsWith(GOOD_TOKEN, otherCa).core.listNamespace(),
    );
    expect(error).not.toBeInstanceOf(ApiException);
    expect(String(error.code ?? error.message)).toMatch(
      /CERT|SIGNATURE|ISSUER/i,
    );
  });

  it('answers 401 with a Status without a token, with a bad token and with a non-EKS token', async () => {
    for (const token of [
      undefined,
      'k8s-aws-v1.not-the-right-one',
      'eyJhbGciOi.not-an-eks-token',
    ]) {
      const error = await failureOf(t.clientsWith(token).core.listNamespace());
      expect(error).toBeInstanceOf(ApiException);
      expect(error.code).toBe(401);
    }
    // Only the k8s-aws-v1. form reaches the authenticator.
    expect(seenKeys).toEqual([CLUSTER_KEY]);

    const raw = await rawGet(
      t.api.clusterUrl(CLUSTER_KEY),
      t.api.caPem,
      undefined,
    );
    expect(raw).toEqual({
      status: 401,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      },
    });
    expect(JSON.stringify(raw.body)).not.toContain('k8s-aws-v1');
  });

  it('resets connections to a down cluster, like an unreachable endpoint, until it is back', async () => {
    t.api.setDown(CLUSTER_KEY, true);
    const error = await failureOf(t.clients.core.listNamespace());
    expect(error).not.toBeInstanceOf(ApiException);
    expect(error.name).toBe('FetchError');
    expect(error.type).toBe('system');

    t.api.setDown(CLUSTER_KEY, false);
    await expect(t.clients.core.listNamespace()).resolves.toHaveProperty(
      'items',
    );
  });

  it('reports each call it answers, refused ones included, by audit verb and kind', async () => {
    const { core } = t.clients;
    await core.listNamespace();
    await core.listNamespacedServiceAccount({ namespace: 'team-a' });
    await core.readNamespacedServiceAccount({
      namespace: 'team-a',
      name: 'default',
    });
    await failureOf(core.readNamespacedPod({ namespace: 'team-a', name: 'x' }));
    await core.createNamespacedServiceAccount({
      namespace: 'team-a',
      body: { metadata: { name: 'counted' } },
    });
    await core.patchNamespacedServiceAccount({
      namespace: 'team-a',
      name: 'counted',
      body: [{ op: 'add', path: '/metadata/labels', value: { a: 'b' } }],
    });
    await core.deleteNamespacedServiceAccount({
      namespace: 'team-a',
      name: 'counted',
    });
    await failureOf(
      t.clientsWith('k8s-aws-v1.bad').core.listPodForAllNamespaces(),
    );
    await t.clients.version.getCode();
    expect(answered).toEqual([
      'list Namespace',
      'list ServiceAccount',
      'get ServiceAccount',
      'get Pod',
      'create ServiceAccount',
      'patch ServiceAccount',
      'delete ServiceAccount',
      'list Pod',
      'discovery',
    ]);

    // Neither a down cluster nor a path that names nothing answers a call.
    answered.length = 0;
    t.api.setDown(CLUSTER_KEY, true);
    await failureOf(core.listNamespace());
    t.api.setDown(CLUSTER_KEY, false);
    expect(
      (
        await rawGet(
          `${t.api.clusterUrl(CLUSTER_KEY)}/nothing`,
          t.api.caPem,
          GOOD_TOKEN,
        )
      ).status,
    ).toBe(404);
    expect(answered).toEqual([]);
  });

  it('answers 404 for a cluster it does not serve', async () => {
    const error = await failureOf(
      t
        .clientsWith(GOOD_TOKEN, t.api.caPem, '999999999999.us-east-1.nope')
        .core.listNamespace(),
    );
    expect(error).toBeInstanceOf(ApiException);
    expect(error.code).toBe(404);
    expect(JSON.parse(error.body)).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      code: 404,
    });
  });

  it('keeps clusters apart and can remove one', async () => {
    const otherKey = '222222222222.eu-west-1.dev-euw1';
    t.api.addCluster(
      otherKey,
      { namespaces: ['only-here'] },
      {
        accountId: '222222222222',
        region: 'eu-west-1',
        clusterName: 'dev-euw1',
      },
    );
    const other = t.clientsWith(GOOD_TOKEN, t.api.caPem, otherKey);
    const names = async (clients: typeof other) =>
      (await clients.core.listNamespace()).items.map(n => n.metadata!.name);
    expect(await names(other)).toContain('only-here');
    expect(await names(t.clients)).not.toContain('only-here');
    expect(seenKeys).toContain(otherKey);
    expect(() =>
      t.api.addCluster(
        otherKey,
        {},
        { accountId: '2', region: 'r', clusterName: 'c' },
      ),
    ).toThrow(/already has a Kubernetes API/);

    t.api.removeCluster(otherKey);
    expect((await failureOf(other.core.listNamespace())).code).toBe(404);
    expect(() => t.api.store(otherKey)).toThrow(
      /No Kubernetes API for cluster '222222222222.eu-west-1.dev-euw1'/,
    );
  });

  it('runs the beforeRequest hook on every call and answers the Status it throws', async () => {
    let calls = 0;
    beforeRequest = async () => {
      calls++;
    };
    await t.clients.core.listNamespace();
    await t.clients.core.readNamespace({ name: 'team-a' });
    expect(calls).toBe(2);

    beforeRequest = async () => {
      throw new KubeStatusError(429, 'TooManyRequests', 'slow down');
    };
    const error = await failureOf(t.clients.core.listNamespace());
    expect(error.code).toBe(429);
    expect(JSON.parse(error.body)).toMatchObject({
      reason: 'TooManyRequests',
      message: 'slow down',
    });
  });

  it('answers discovery: version, API versions, groups and resources', async () => {
    const version = await t.clients.version.getCode();
    expect(version).toMatchObject({
      major: '1',
      minor: '31',
      gitVersion: 'v1.31.0-eks-sandbox',
      platform: 'linux/amd64',
    });

    const core = await t.clients.core.getAPIResources();
    expect(core.groupVersion).toBe('v1');
    expect(core.resources.map(r => r.name)).toEqual([
      'namespaces',
      'nodes',
      'serviceaccounts',
      'pods',
    ]);
    expect(
      core.resources.find(r => r.name === 'serviceaccounts'),
    ).toMatchObject({
      kind: 'ServiceAccount',
      namespaced: true,
      verbs: expect.arrayContaining(['patch']),
    });

    const apps = await t.clients.apps.getAPIResources();
    expect(apps.resources.map(r => r.name)).toEqual([
      'deployments',
      'replicasets',
      'statefulsets',
      'daemonsets',
    ]);
    expect(
      (await t.clients.batch.getAPIResources()).resources.map(r => r.kind),
    ).toEqual(['Job']);

    const kc = kubeConfig(
      t.api.clusterUrl(CLUSTER_KEY),
      t.api.caPem,
      GOOD_TOKEN,
    );
    const groups = await kc.makeApiClient(ApisApi).getAPIVersions();
    expect(groups.groups.map(g => g.preferredVersion?.groupVersion)).toEqual([
      'apps/v1',
      'batch/v1',
      'rbac.authorization.k8s.io/v1',
    ]);
  });
});
