import { ApiException } from '@kubernetes/client-node';
import { startSandbox, Sandbox } from '@pod-identity/sandbox';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { DefaultEksGateway } from '../aws/EksGateway';
import { sandboxConfig } from '../__testUtils__/sandbox';
import { ACCOUNT_A, ACCOUNT_B, testEstate } from '../__testUtils__/testEstate';
import { DefaultEksTokenProvider } from './EksTokenProvider';
import { DefaultKubernetesGateway } from './KubernetesGateway';

// Each test drives a real sandbox over HTTP; a busy CI machine needs room.
jest.setTimeout(30_000);

describe('Kubernetes gateway against the sandbox', () => {
  let sandbox: Sandbox;
  let clients: AwsClientFactory;
  let gateway: DefaultKubernetesGateway;
  const alpha = { accountId: ACCOUNT_A, region: 'us-east-1', name: 'alpha' };

  beforeAll(async () => {
    const seed = testEstate();
    // More service accounts than one page holds, to exercise `continue`.
    seed.accounts[1].clusters!.push({
      name: 'crowded',
      region: 'eu-west-1',
      kubernetes: {
        namespaces: ['busy'],
        serviceAccounts: Array.from({ length: 520 }, (_, i) => ({
          namespace: 'busy',
          name: `many-${i}`,
        })),
      },
    });
    sandbox = await startSandbox({ seed });
    // Mechanics of every gateway call, beyond what the shipped RBAC lets the
    // backend do (readerRbac.test.ts proves that): as the cluster's creator.
    const config = sandboxConfig(sandbox, {}, { administrator: true });
    clients = AwsClientFactory.fromConfig(config);
    gateway = DefaultKubernetesGateway.fromConfig(config, {
      clients,
    });
  });

  afterAll(async () => {
    await clients.destroy();
    await sandbox.stop();
  });

  it('signs in with the EKS token, finding endpoint and CA through DescribeCluster', async () => {
    const client = gateway.forCluster(alpha);
    const namespaces = (await client.listNamespaces()).map(
      n => n.metadata?.name,
    );
    expect(namespaces).toEqual(
      expect.arrayContaining(['team-orders', 'kube-system', 'default']),
    );
    expect(sandbox.callCounts()['eks:DescribeCluster']).toBe(1);
    // The connection is remembered per cluster.
    await gateway.forCluster(alpha).listNodes();
    expect(sandbox.callCounts()['eks:DescribeCluster']).toBe(1);
  });

  it('reads every kind the scanner needs', async () => {
    const client = gateway.forCluster(alpha);
    const sas = await client.listServiceAccounts();
    expect(
      sas.find(s => s.metadata?.name === 'worker')?.metadata?.annotations,
    ).toEqual({
      'eks.amazonaws.com/role-arn': `arn:aws:iam::${ACCOUNT_A}:role/irsa-role`,
    });
    const deployments = await client.listDeployments(
      'backstage.io/kubernetes-id',
    );
    expect(deployments.map(d => d.metadata?.name)).toEqual(['orders-api']);
    expect(deployments[0].spec?.template.spec?.serviceAccountName).toBe(
      'orders-api',
    );
    expect(
      await client.listDeployments('backstage.io/kubernetes-id=nothing'),
    ).toEqual([]);
    expect((await client.listJobs()).map(j => j.metadata?.name)).toEqual([
      'nightly',
    ]);
    expect(await client.listStatefulSets()).toEqual([]);
    expect(
      (await client.listDaemonSets()).map(
        d => `${d.metadata?.namespace}/${d.metadata?.name}`,
      ),
    ).toEqual(['kube-system/eks-pod-identity-agent']);
    expect(
      await client.readDaemonSet('kube-system', 'eks-pod-identity-agent'),
    ).toBeDefined();
    expect(await client.readDaemonSet('kube-system', 'nope')).toBeUndefined();
    const pods = await client.listPods();
    const orderPods = pods.filter(
      p => p.spec?.serviceAccountName === 'orders-api',
    );
    expect(orderPods).toHaveLength(2);
    expect(orderPods.map(p => p.spec?.nodeName).sort()).toEqual([
      'fargate-1',
      'node-a',
    ]);
    expect(
      (await client.listNodes()).map(n => n.metadata?.name).sort(),
    ).toEqual(['fargate-1', 'node-a', 'win-1']);
  });

  it('pages through long lists', async () => {
    const client = gateway.forCluster({
      accountId: ACCOUNT_B,
      region: 'eu-west-1',
      name: 'crowded',
    });
    const all = await client.listServiceAccounts();
    expect(all.filter(s => s.metadata?.name?.startsWith('many-'))).toHaveLength(
      520,
    );
    expect(
      new Set(all.map(s => `${s.metadata?.namespace}/${s.metadata?.name}`))
        .size,
    ).toBe(all.length);
  });

  it('creates, patches and deletes namespaces and service accounts', async () => {
    const client = gateway.forCluster(alpha);
    expect(await client.readNamespace('team-new')).toBeUndefined();
    await client.createNamespace('team-new', { labels: { team: 'new' } });
    expect(
      (await client.readNamespace('team-new'))?.metadata?.labels,
    ).toMatchObject({ team: 'new' });
    await client.patchNamespace('team-new', {
      annotations: { owner: 'group:team-new' },
    });
    expect(
      (await client.readNamespace('team-new'))?.metadata?.annotations,
    ).toEqual({ owner: 'group:team-new' });

    await client.createServiceAccount('team-new', 'app', {
      labels: { app: 'x' },
      annotations: {
        'eks.amazonaws.com/role-arn': 'arn:aws:iam::111111111111:role/old',
        keep: 'yes',
      },
    });
    await expect(
      client.createServiceAccount('team-new', 'app'),
    ).rejects.toMatchObject({ code: 409 });
    const patched = await client.patchServiceAccount('team-new', 'app', {
      annotations: { 'eks.amazonaws.com/role-arn': null },
    });
    expect(patched.metadata?.annotations).toEqual({ keep: 'yes' });
    expect(
      (await client.readServiceAccount('team-new', 'app'))?.metadata?.labels,
    ).toEqual({ app: 'x' });

    await client.deleteServiceAccount('team-new', 'app');
    expect(await client.readServiceAccount('team-new', 'app')).toBeUndefined();
    await client.deleteNamespace('team-new');
    const ops = sandbox
      .mutations()
      .filter(m => m.service === 'kubernetes')
      .map(m => m.operation);
    expect(ops).toEqual(
      expect.arrayContaining([
        'create Namespace',
        'patch ServiceAccount',
        'delete Namespace',
      ]),
    );
  });

  it('is refused with a token of another account', async () => {
    const eks = new DefaultEksGateway(clients);
    const description = await eks.describeCluster(alpha);
    // Account B's credentials presign a token for alpha, which lives in account A.
    const tokens = new DefaultEksTokenProvider(clients);
    const intruder = new DefaultKubernetesGateway(eks, {
      getToken: cluster =>
        tokens.getToken({ ...cluster, accountId: ACCOUNT_B }),
    }).forCluster(alpha, {
      endpoint: description.endpoint!,
      certificateAuthorityData: description.certificateAuthorityData,
    });
    const error = await intruder.listNamespaces().catch(e => e);
    expect(error).toBeInstanceOf(ApiException);
    expect(error.code).toBe(401);
  });

  it('fails with a network error when the cluster is down', async () => {
    sandbox.faults.setClusterDown('alpha', true);
    try {
      await expect(
        gateway.forCluster(alpha).listNamespaces(),
      ).rejects.toThrow();
    } finally {
      sandbox.faults.setClusterDown('alpha', false);
    }
    expect(
      (await gateway.forCluster(alpha).listNamespaces()).length,
    ).toBeGreaterThan(0);
  });
});
