import {
  CreateAddonCommand,
  DeleteAddonCommand,
  DescribeAddonCommand,
  DescribeAddonVersionsCommand,
  EKSClient,
  ListAddonsCommand,
} from '@aws-sdk/client-eks';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../types';
import {
  awsClients,
  errorOf,
  MAIN,
  smallEstate,
} from '../../__testUtils__/aws';
import { kubeConfigFor } from '../../__testUtils__/kubernetes';

const AGENT = 'eks-pod-identity-agent';

describe('EKS add-ons', () => {
  let sandbox: Sandbox;
  let eks: EKSClient;

  beforeAll(async () => {
    const estate = smallEstate();
    // A cluster without the agent, with two Linux nodes and a Fargate one (no DaemonSet pod there).
    estate.accounts[0].clusters!.find(c => c.name === 'eu')!.kubernetes = {
      nodes: [
        { name: 'node-a', labels: { 'kubernetes.io/os': 'linux' } },
        { name: 'node-b', labels: { 'kubernetes.io/os': 'linux' } },
        {
          name: 'fargate-ip-10-0-0-1',
          labels: { 'eks.amazonaws.com/compute-type': 'fargate' },
        },
      ],
    };
    sandbox = await startSandbox({ seed: estate, addonCreateDelayMs: 300 });
    eks = awsClients(sandbox, MAIN, 'eu-west-1').eks;
  });
  afterAll(() => sandbox.stop());

  const agentObjects = async () => {
    const kc = await kubeConfigFor(
      sandbox,
      'eu',
      sandbox.credentialsFor(MAIN),
      {
        region: 'eu-west-1',
      },
    );
    const daemonSets = await kc
      .makeApiClient(AppsV1Api)
      .listNamespacedDaemonSet({ namespace: 'kube-system' });
    const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({
      namespace: 'kube-system',
      labelSelector: `app.kubernetes.io/name=${AGENT}`,
    });
    return {
      daemonSets: daemonSets.items.map(d => d.metadata!.name),
      podNodes: pods.items.map(p => p.spec!.nodeName).sort(),
    };
  };

  it('lists the agent’s versions for a Kubernetes version, with its default', async () => {
    const { addons } = await eks.send(
      new DescribeAddonVersionsCommand({
        addonName: AGENT,
        kubernetesVersion: '1.31',
      }),
    );
    expect(addons).toHaveLength(1);
    const versions = addons![0].addonVersions!;
    expect(versions.map(v => v.addonVersion)).toEqual([
      'v1.3.8-eksbuild.1',
      'v1.3.5-eksbuild.2',
      'v1.3.4-eksbuild.1',
    ]);
    expect(
      versions[0].compatibilities!.find(c => c.clusterVersion === '1.31'),
    ).toMatchObject({ defaultVersion: true });
  });

  it('installs the agent: CREATING, then ACTIVE, with its DaemonSet and a pod per ordinary node', async () => {
    expect(await agentObjects()).toEqual({ daemonSets: [], podNodes: [] });
    const { addon } = await eks.send(
      new CreateAddonCommand({
        clusterName: 'eu',
        addonName: AGENT,
        addonVersion: 'v1.3.5-eksbuild.2',
      }),
    );
    expect(addon).toMatchObject({
      addonName: AGENT,
      clusterName: 'eu',
      status: 'CREATING',
      addonVersion: 'v1.3.5-eksbuild.2',
    });
    expect(await agentObjects()).toEqual({
      daemonSets: [AGENT],
      podNodes: ['node-a', 'node-b'],
    });
    await sleep(400);
    const described = await eks.send(
      new DescribeAddonCommand({ clusterName: 'eu', addonName: AGENT }),
    );
    expect(described.addon!.status).toBe('ACTIVE');
    const { addons } = await eks.send(
      new ListAddonsCommand({ clusterName: 'eu' }),
    );
    expect(addons).toEqual([AGENT]);
  });

  it('refuses a second install and a version the cluster does not support', async () => {
    const again = await errorOf(
      eks.send(new CreateAddonCommand({ clusterName: 'eu', addonName: AGENT })),
    );
    expect(again.name).toBe('ResourceInUseException');
    const old = await errorOf(
      eks.send(
        new CreateAddonCommand({
          clusterName: 'eu',
          addonName: AGENT,
          addonVersion: 'v1.2.0-eksbuild.1',
        }),
      ),
    );
    expect(old.name).toBe('InvalidParameterException');
    expect(old.message).toMatch(/not supported for Kubernetes/);
  });

  it('deletes the add-on and its objects', async () => {
    const { addon } = await eks.send(
      new DeleteAddonCommand({ clusterName: 'eu', addonName: AGENT }),
    );
    expect(addon!.status).toBe('DELETING');
    const gone = await errorOf(
      eks.send(
        new DescribeAddonCommand({ clusterName: 'eu', addonName: AGENT }),
      ),
    );
    expect(gone.name).toBe('ResourceNotFoundException');
    expect(await agentObjects()).toEqual({ daemonSets: [], podNodes: [] });
  });
});
