import { InputError } from '@backstage/errors';
import type { EstateSeed } from '@pod-identity/sandbox';
import { PROD, testEstate } from '../__testUtils__/estate';
import {
  Harness,
  mutationsOf,
  runAction,
  startHarness,
} from '../__testUtils__/harness';
import { AgentInstallOptions, createAgentInstallAction } from './agentInstall';

const AGENT = 'eks-pod-identity-agent';
/** Clusters inside the test guardrails (prod-*): one without the agent, one in Auto Mode. */
const BARE = 'prod-bare';
const AUTO = 'prod-auto';

function estate(): EstateSeed {
  const seed = testEstate();
  const account = seed.accounts.find(a => a.id === PROD)!;
  account.clusters!.push(
    {
      name: BARE,
      region: 'us-east-1',
      version: '1.31',
      kubernetes: {
        nodes: [
          { name: 'node-a', labels: { 'kubernetes.io/os': 'linux' } },
          { name: 'node-b', labels: { 'kubernetes.io/os': 'linux' } },
        ],
      },
    },
    { name: AUTO, region: 'us-east-1', autoMode: true },
  );
  return seed;
}

describe('eks-pod-identity:agent:install', () => {
  let harness: Harness;
  let published: Array<{ topic: string; eventPayload: unknown }>;
  const bare = { accountId: PROD, region: 'us-east-1', name: BARE };

  const action = (options: AgentInstallOptions = {}) =>
    createAgentInstallAction(harness.deps, {
      events: { publish: async e => void published.push(e) },
      pollIntervalMs: 100,
      ...options,
    });

  beforeEach(async () => {
    published = [];
    harness = await startHarness({
      seed: estate(),
      eksPodIdentity: {
        clusters: [BARE, AUTO, 'sandbox-use1'].map(name => ({
          name,
          accountId: PROD,
          region: 'us-east-1',
        })),
      },
    });
  });
  afterEach(() => harness.stop());

  const operations = () =>
    mutationsOf(harness.sandbox).map(m => `${m.service}:${m.operation}`);

  it('installs the agent, waits until it is ACTIVE, and announces it', async () => {
    const { outputs } = await runAction(action(), { cluster: BARE });

    expect(outputs).toMatchObject({
      addonName: AGENT,
      version: 'v1.3.8-eksbuild.1',
      status: 'ACTIVE',
      installed: true,
      plan: [
        {
          resource: 'eks-addon',
          action: 'create',
          target: `${BARE}:${AGENT}`,
          detail: 'default version',
        },
      ],
    });
    expect(operations()).toEqual(['eks:CreateAddon']);
    const daemonSets = await harness.deps.kubernetes
      .forCluster(bare)
      .listDaemonSets();
    expect(daemonSets.map(d => d.metadata?.name)).toEqual([AGENT]);
    expect(published).toEqual([
      {
        topic: 'eks-pod-identity.changed',
        eventPayload: {
          kind: 'agent',
          change: 'created',
          cluster: BARE,
          source: 'eks-pod-identity:agent:install',
          // Who ran the task, when the scaffolder says.
          actor: 'user:default/orders-dev',
        },
      },
    ]);
  });

  it('keeps an agent that is there: a second run changes and announces nothing', async () => {
    await runAction(action(), { cluster: BARE, version: 'v1.3.5-eksbuild.2' });
    harness.sandbox.clearMutations();
    published = [];

    const { outputs } = await runAction(action(), { cluster: BARE });

    expect(outputs).toMatchObject({
      installed: false,
      status: 'ACTIVE',
      version: 'v1.3.5-eksbuild.2',
      plan: [{ resource: 'eks-addon', action: 'reuse' }],
    });
    expect(operations()).toEqual([]);
    expect(published).toEqual([]);
  });

  it('shows the plan in a dry run and changes nothing', async () => {
    const { outputs } = await runAction(
      action(),
      { cluster: BARE },
      { isDryRun: true },
    );
    expect(outputs.plan).toEqual([
      expect.objectContaining({ resource: 'eks-addon', action: 'create' }),
    ]);
    expect(outputs.installed).toBe(false);
    expect(operations()).toEqual([]);
    expect(published).toEqual([]);
  });

  it.each([
    [
      'an Auto Mode cluster, where the agent is built in',
      { cluster: AUTO },
      /runs EKS Auto Mode, where the Pod Identity agent is built in/,
    ],
    [
      'a cluster outside allowedClusters',
      { cluster: 'sandbox-use1' },
      /cluster/,
    ],
    [
      'a version of the wrong form',
      { cluster: BARE, version: '1.3' },
      /version "1.3" is not an EKS add-on version: use the form v1.3.8-eksbuild.1/,
    ],
    [
      'a version EKS does not offer for the cluster',
      { cluster: BARE, version: 'v1.2.0-eksbuild.1' },
      /not offered for Kubernetes 1.31 \(cluster prod-bare\): pick one of v1.3.8-eksbuild.1, /,
    ],
  ])('refuses %s, changing nothing', async (_, input, message) => {
    await expect(runAction(action(), input)).rejects.toThrow(InputError);
    await expect(runAction(action(), input)).rejects.toThrow(message);
    expect(operations()).toEqual([]);
  });

  it('undoes the installation when the add-on is not ACTIVE in time', async () => {
    await expect(
      runAction(action({ waitTimeoutMs: 300 }), { cluster: BARE }),
    ).rejects.toThrow(
      /still CREATING after 0\.3 s\. Undone: add-on prod-bare:eks-pod-identity-agent\./,
    );
    expect(operations()).toEqual(['eks:CreateAddon', 'eks:DeleteAddon']);
    expect(await harness.deps.eks.describeAddon(bare, AGENT)).toBeUndefined();
    expect(published).toEqual([]);
  });
});
