import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  DeleteAccessEntryCommand,
  DescribeClusterCommand,
} from '@aws-sdk/client-eks';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startSandbox } from './sandbox';
import type { Sandbox } from './types';
import { awsClients, MAIN, OTHER, smallEstate } from './__testUtils__/aws';
import { eksToken } from './__testUtils__/eksToken';
import { kubeConfigFor, kubernetesFor } from './__testUtils__/kubernetes';

describe('startSandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    const estate = smallEstate();
    // A role the main account may assume, with no access entry anywhere.
    estate.accounts[0].iam!.roles!.push({
      name: 'no-entry',
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${MAIN}:root` },
            Action: 'sts:AssumeRole',
          },
        ],
      },
    });
    sandbox = await startSandbox({ seed: estate });
  });
  afterAll(() => sandbox.stop());

  it('serves each cluster’s Kubernetes API at the endpoint DescribeCluster answers, with EKS token auth', async () => {
    const core = await kubernetesFor(sandbox, 'prod');
    const accounts = await core.listNamespacedServiceAccount({
      namespace: 'orders',
    });
    expect(accounts.items.map(sa => sa.metadata?.name)).toContain('orders-api');
  });

  it('refuses a valid token of an identity without an access entry (401), and signs it in once it has one', async () => {
    const { Credentials } = await awsClients(sandbox).sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${MAIN}:role/no-entry`,
        RoleSessionName: 'k8s',
      }),
    );
    const session = {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    };
    // The role may not DescribeCluster: the endpoint and CA come from the sandbox.
    const core = (await kubeConfigFor(sandbox, 'prod', session)).makeApiClient(
      CoreV1Api,
    );
    await expect(core.listNamespace()).rejects.toMatchObject({ code: 401 });

    const principalArn = `arn:aws:iam::${MAIN}:role/no-entry`;
    const { eks } = awsClients(sandbox);
    await eks.send(
      new CreateAccessEntryCommand({ clusterName: 'prod', principalArn }),
    );
    // Signed in, but an entry with neither groups nor policies may do nothing.
    await expect(core.listNamespace()).rejects.toMatchObject({ code: 403 });
    await eks.send(
      new AssociateAccessPolicyCommand({
        clusterName: 'prod',
        principalArn,
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
        accessScope: { type: 'cluster' },
      }),
    );
    await expect(core.listNamespace()).resolves.toBeDefined();
    await eks.send(
      new DeleteAccessEntryCommand({ clusterName: 'prod', principalArn }),
    );
    await expect(core.listNamespace()).rejects.toMatchObject({ code: 401 });

    // Another account's identity has no entry on this cluster either.
    const other = sandbox.credentialsFor(OTHER);
    const { cluster } = await awsClients(sandbox).eks.send(
      new DescribeClusterCommand({ name: 'prod' }),
    );
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'prod',
          server: cluster!.endpoint!,
          caData: cluster!.certificateAuthority!.data!,
        },
      ],
      users: [
        {
          name: 'x',
          token: await eksToken({
            stsEndpoint: sandbox.endpoints.sts,
            credentials: other,
            clusterName: 'prod',
          }),
        },
      ],
      contexts: [{ name: 'x', cluster: 'prod', user: 'x' }],
      currentContext: 'x',
    });
    await expect(
      kc.makeApiClient(CoreV1Api).listNamespace(),
    ).rejects.toMatchObject({ code: 401 });
  });

  it('takes a cluster down and brings it back', async () => {
    const core = await kubernetesFor(sandbox, 'prod');
    sandbox.faults.setClusterDown('prod', true);
    await expect(core.listNamespace()).rejects.toThrow();
    sandbox.faults.setClusterDown('prod', false);
    await expect(core.listNamespace()).resolves.toBeDefined();
    expect(() => sandbox.faults.setClusterDown('nope', true)).toThrow(
      /no cluster named 'nope'/,
    );
  });

  it('logs Kubernetes mutations next to AWS ones', async () => {
    sandbox.clearMutations();
    const core = await kubernetesFor(sandbox, 'auto');
    await core.createNamespace({ body: { metadata: { name: 'team-x' } } });
    expect(sandbox.mutations()).toEqual([
      expect.objectContaining({
        service: 'kubernetes',
        operation: 'create Namespace',
        accountId: MAIN,
        cluster: 'auto',
      }),
    ]);
  });

  it('counts Kubernetes calls next to AWS ones', async () => {
    const core = await kubernetesFor(sandbox, 'prod');
    sandbox.resetCallCounts();
    await core.listNamespacedServiceAccount({ namespace: 'orders' });
    await core.listServiceAccountForAllNamespaces();
    await core.readNamespace({ name: 'orders' });
    await expect(
      core.readNamespacedServiceAccount({ namespace: 'orders', name: 'x' }),
    ).rejects.toMatchObject({ code: 404 });
    await awsClients(sandbox).eks.send(
      new DescribeClusterCommand({ name: 'prod' }),
    );
    expect(sandbox.callCounts()).toEqual({
      'kubernetes:list ServiceAccount': 2,
      'kubernetes:get Namespace': 1,
      'kubernetes:get ServiceAccount': 1,
      'eks:DescribeCluster': 1,
    });
  });

  it('starts "as on" another day: relative seed dates and undated things follow `now`', async () => {
    // Dates are whole seconds, as IAM and Kubernetes answer them.
    const now = new Date('2030-06-15T08:00:00.750Z');
    const start = new Date('2030-06-15T08:00:00Z');
    const seed = smallEstate();
    const [role] = seed.accounts[0].iam!.roles!;
    role.lastUsed = '-2d6h';
    const dated = await startSandbox({ seed, now });
    try {
      const exported = dated.exportEstate();
      const roles = exported.accounts[0].iam!.roles!;
      expect(roles.find(r => r.name === role.name)).toMatchObject({
        lastUsed: '2030-06-13T02:00:00.000Z',
        createDate: start.toISOString(),
      });
      const prod = exported.accounts[0].clusters!.find(c => c.name === 'prod')!;
      expect(prod.associations![0]).toMatchObject({
        createdAt: start.toISOString(),
        modifiedAt: start.toISOString(),
      });
      const core = await kubernetesFor(dated, 'prod');
      const [namespace] = (
        await core.listNamespace({
          labelSelector: 'kubernetes.io/metadata.name=orders',
        })
      ).items;
      expect(namespace.metadata!.creationTimestamp).toEqual(start);
      expect(dated.mutations()).toEqual([]);
    } finally {
      await dated.stop();
    }
  });

  it('exports its state in seed form, Kubernetes included', async () => {
    const estate = sandbox.exportEstate();
    const prod = estate.accounts[0].clusters!.find(c => c.name === 'prod')!;
    expect(prod.associations![0]).toMatchObject({
      namespace: 'orders',
      role: `arn:aws:iam::${MAIN}:role/orders-api`,
    });
    expect(prod.kubernetes!.serviceAccounts).toContainEqual(
      expect.objectContaining({ namespace: 'orders', name: 'orders-api' }),
    );
    const restarted = await startSandbox({ seed: estate });
    try {
      expect(restarted.exportEstate().accounts[0].iam).toEqual(
        estate.accounts[0].iam,
      );
    } finally {
      await restarted.stop();
    }
  });

  it('starts a cluster the seed marks down as unreachable', async () => {
    const estate = smallEstate();
    estate.accounts[0].clusters![1].down = true;
    const downSandbox = await startSandbox({ seed: estate });
    try {
      const core = await kubernetesFor(downSandbox, 'auto');
      await expect(core.listNamespace()).rejects.toThrow();
      downSandbox.faults.setClusterDown('auto', false);
      await expect(core.listNamespace()).resolves.toBeDefined();
      downSandbox.faults.clear();
      await expect(core.listNamespace()).rejects.toThrow();
    } finally {
      await downSandbox.stop();
    }
  });

  it('runs without a seed as one empty account', async () => {
    const empty = await startSandbox();
    try {
      expect(empty.accounts).toEqual([
        expect.objectContaining({ accountId: '123456789012' }),
      ]);
    } finally {
      await empty.stop();
    }
  });
});
