import { setTimeout as sleep } from 'node:timers/promises';
import { AwsDispatcher } from './aws/dispatch';
import { EventDelivery } from './aws/cloudtrail/eventDelivery';
import { SqsQueue } from './aws/sqs/queue';
import { BACKEND_ACCOUNT_ID } from './estate/backendIdentities';
import { signInToCluster } from './aws/eks/kubernetesIdentity';
import { resolveEstateDates } from './estate/dates';
import { withBackendIdentities } from './estate/backendIdentities';
import { expandGeneratedAssociations } from './estate/generate';
import { resolveIncludes } from './estate/includes';
import { loadEstate } from './estate/load';
import { validateEstate } from './estate/validate';
import { FaultController } from './faults/faults';
import { startKubernetesApi } from './kubernetes';
import { startAwsServer } from './server';
import { exportState } from './state/export';
import { Journal } from './state/journal';
import type { ClusterState, SandboxState } from './state/model';
import { workloadCredentials } from './state/workloadKeys';
import { buildState } from './state/seed';
import type { EstateSeed, Sandbox, SandboxOptions } from './types';

/**
 * How long a new role stays unknown to EKS and STS, and a deleted
 * association's service account stays taken, unless the options say otherwise.
 */
export const DEFAULT_CONSISTENCY_DELAY_MS = 1000;

/** What a sandbox without a seed holds: one account and nothing in it. */
const EMPTY_ESTATE: EstateSeed = {
  accounts: [{ id: '123456789012', alias: 'sandbox' }],
};

/** The queue the events rule feeds, in the backend's account when the estate has it. */
export const EVENTS_QUEUE_NAME = 'eks-pod-identity-changes';
const EVENTS_QUEUE_REGION = 'us-east-1';

/** How the Kubernetes emulation names a cluster. */
function clusterKey(cluster: ClusterState): string {
  return `${cluster.accountId}.${cluster.region}.${cluster.name}`;
}

async function resolveSeed(
  seed: SandboxOptions['seed'],
  startedAt: Date,
  backendIdentities: boolean,
): Promise<EstateSeed> {
  const provision = (estate: EstateSeed) =>
    backendIdentities ? withBackendIdentities(estate) : estate;
  if (seed === undefined) return provision(EMPTY_ESTATE);
  const source = typeof seed === 'string' ? seed : 'seed';
  const raw =
    typeof seed === 'string'
      ? await loadEstate(seed)
      : validateEstate(
          await resolveIncludes(seed, process.cwd(), source),
          source,
        );
  const dated = resolveEstateDates(raw, startedAt, source);
  // Generated associations expand to plain ones; check the result as a whole (duplicates, names).
  return validateEstate(provision(expandGeneratedAssociations(dated)), source);
}

function clustersNamed(state: SandboxState, name: string): ClusterState[] {
  const found = state
    .allClusters()
    .filter(c => c.name === name || clusterKey(c) === name);
  if (found.length === 0) {
    const known =
      state
        .allClusters()
        .map(c => c.name)
        .join(', ') || 'none';
    throw new Error(
      `The sandbox has no cluster named '${name}'; its clusters are: ${known}`,
    );
  }
  return found;
}

/**
 * Starts the sandbox on 127.0.0.1: one HTTP endpoint for EKS, IAM and STS, and
 * one HTTPS endpoint for the Kubernetes API of every cluster.
 */
export async function startSandbox(
  options: SandboxOptions = {},
): Promise<Sandbox> {
  // Whole seconds, as IAM and Kubernetes answer dates: a seeded date reads back as it was exported.
  const startedAt = new Date(
    Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000,
  );
  // Kubernetes stamps later objects with a clock that runs on from `now`.
  const clockOffset = options.now ? startedAt.getTime() - Date.now() : 0;
  const state = buildState(
    await resolveSeed(
      options.seed,
      startedAt,
      options.backendIdentities ?? true,
    ),
    startedAt,
  );
  state.enforcement = {
    authorization: options.authorization ?? true,
    consistencyDelayMs:
      options.consistencyDelayMs ?? DEFAULT_CONSISTENCY_DELAY_MS,
  };
  if (options.lastAccessedJobMs !== undefined) {
    state.lastAccessedJobMs = options.lastAccessedJobMs;
  }
  const journal = new Journal();
  // EKS tokens must be presigned for the STS endpoint: this sandbox's, once it listens.
  let stsHosts: string[] = [];
  const faults = new FaultController({
    latencyMs: options.latencyMs ?? 0,
    throttle: options.throttle,
    downClusters: state
      .allClusters()
      .filter(c => c.seededDown)
      .map(clusterKey),
  });
  const kubernetes = await startKubernetesApi({
    port: options.kubernetesPort ?? 0,
    authenticate: (token, key) => {
      const cluster = state.allClusters().find(c => clusterKey(c) === key);
      if (!cluster) return false;
      const signIn = signInToCluster(state, cluster, token, {
        stsHosts,
        enforceAccessEntries:
          options.enforceAccessEntries ?? options.authorization ?? true,
      });
      return signIn.ok && signIn.user;
    },
    onMutation: entry => journal.recordMutation(entry),
    onCall: operation => journal.countCall(`kubernetes:${operation}`),
    now: () => new Date(Date.now() + clockOffset),
    seededAt: startedAt,
    beforeRequest: async () => {
      const latency = faults.latency();
      if (latency > 0) await sleep(latency);
    },
  });
  for (const cluster of state.allClusters()) {
    kubernetes.addCluster(clusterKey(cluster), cluster.kubernetes, {
      accountId: cluster.accountId,
      region: cluster.region,
      clusterName: cluster.name,
      version: cluster.version,
    });
  }

  faults.connectClusters((name, down) => {
    for (const cluster of clustersNamed(state, name)) {
      kubernetes.setDown(clusterKey(cluster), down);
    }
  });

  const queueAccount = state.accounts.has(BACKEND_ACCOUNT_ID)
    ? BACKEND_ACCOUNT_ID
    : state.defaultAccount().id;
  const queuePath = `/${queueAccount}/${EVENTS_QUEUE_NAME}`;
  const queue = new SqsQueue(
    EVENTS_QUEUE_NAME,
    queueAccount,
    EVENTS_QUEUE_REGION,
    queuePath,
  );
  const dispatcher = new AwsDispatcher({
    state,
    journal,
    faults,
    events: new EventDelivery(queue),
    kubernetes: {
      urlOf: c => kubernetes.clusterUrl(clusterKey(c)),
      caPem: kubernetes.caPem,
      addonCreateDelayMs: options.addonCreateDelayMs,
      setAddonObjects: (c, addon, present) =>
        kubernetes.setAddonObjects(clusterKey(c), addon, present),
    },
    sleep: ms => sleep(ms),
  });
  let aws;
  try {
    aws = await startAwsServer({ port: options.port ?? 0, dispatcher });
  } catch (error) {
    await kubernetes.stop();
    throw error;
  }

  queue.url = `${aws.url}${queuePath}`;
  const { port } = new URL(aws.url);
  stsHosts = [`127.0.0.1:${port}`, `localhost:${port}`];

  const accounts = [...state.accounts.values()].map(a => ({
    accountId: a.id,
    alias: a.alias,
    accessKeyId: a.accessKeyId,
    secretAccessKey: a.secretAccessKey,
  }));
  return {
    endpoints: { eks: aws.url, iam: aws.url, sts: aws.url },
    kubernetesUrl(clusterName, accountId) {
      const cluster = state.findCluster(clusterName, accountId);
      if (!cluster) {
        throw new Error(
          `The sandbox has no cluster named '${clusterName}'${
            accountId ? ` in account ${accountId}` : ''
          }`,
        );
      }
      return kubernetes.clusterUrl(clusterKey(cluster));
    },
    kubernetesCaPem: kubernetes.caPem,
    accounts,
    credentialsFor(accountId) {
      const account = state.accounts.get(accountId);
      if (!account) {
        throw new Error(
          `The sandbox has no account ${accountId}; its accounts are: ${[
            ...state.accounts.keys(),
          ].join(', ')}`,
        );
      }
      return {
        accessKeyId: account.accessKeyId,
        secretAccessKey: account.secretAccessKey,
      };
    },
    credentialsAs(roleArn) {
      if (!state.findRoleByArn(roleArn)) {
        throw new Error(`The sandbox has no role ${roleArn}`);
      }
      return workloadCredentials(roleArn);
    },
    eventsQueue: {
      url: queue.url,
      region: queue.region,
      accountId: queue.accountId,
      arn: queue.arn,
    },
    faults,
    mutations: () => journal.mutations(),
    clearMutations: () => journal.clearMutations(),
    callCounts: () => journal.callCounts(),
    resetCallCounts: () => journal.resetCallCounts(),
    exportEstate: () =>
      exportState(state, c => kubernetes.store(clusterKey(c)).toSeed()),
    async stop() {
      queue.close();
      await Promise.all([aws.stop(), kubernetes.stop()]);
    },
  };
}
