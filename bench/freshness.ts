/*
 * bench:freshness — how soon changes made outside Backstage show in the API.
 *
 * Starts the sandbox on the bench estate (size flags as the other benches)
 * and the backend plugin with the events backend's AWS SQS module reading the
 * sandbox's CloudTrail events queue, lets the first scan finish, then makes
 * mixed changes directly in the sandbox through the real AWS SDK clients
 * with each account's own keys (as the console or Terraform would) and polls
 * the API until each one shows. Prints figures; asserts nothing.
 *
 *   yarn bench:freshness [--associations N --clusters C --accounts A] [--changes 100]
 */
import {
  CreatePodIdentityAssociationCommand,
  DeletePodIdentityAssociationCommand,
  EKSClient,
  UpdatePodIdentityAssociationCommand,
} from '@aws-sdk/client-eks';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import eventsModuleAwsSqs from '@backstage/plugin-events-backend-module-aws-sqs';
import {
  eventsServiceRef,
  type EventsService,
  type EventsServiceSubscribeOptions,
} from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import eksPodIdentityPlugin from '@pod-identity/plugin-eks-pod-identity-backend';
import {
  sandboxAwsConfig,
  sandboxDiscovery,
  startSandbox,
} from '@pod-identity/sandbox';
import type { AddressInfo } from 'node:net';
import { parseEstateFlags } from './lib/estateFlags';

const TOPIC = 'eks-pod-identity-cloudtrail';
/** Each open change is checked this often, a few at a time, so watching costs the backend little. */
const POLL_MS = 1000;
const POLL_CONCURRENCY = 4;
/** A change not visible this long after it was made counts as missed. */
const MISS_AFTER_MS = 120_000;

type Association = {
  id: string;
  cluster: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
};
type Change = {
  what: string;
  make(): Promise<void>;
  visible(): Promise<boolean>;
  madeAt?: number;
  seenAt?: number;
};

/** One bus for the whole backend, as the events backend gives one process. */
function inProcessEvents() {
  const subscribers: EventsServiceSubscribeOptions[] = [];
  const events: EventsService = {
    async publish(params) {
      await Promise.all(
        subscribers
          .filter(s => s.topics.includes(params.topic))
          .map(s => s.onEvent(params)),
      );
    },
    async subscribe(options) {
      subscribers.push(options);
    },
  };
  return createServiceFactory({
    service: eventsServiceRef,
    deps: {},
    factory: () => events,
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? sorted[
        Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
      ]
    : NaN;

async function main() {
  const { estate, flags } = parseEstateFlags(undefined, ['changes']);
  const changeCount = Number(flags.changes ?? 100);
  const sandbox = await startSandbox({ seed: estate });
  const queue = sandbox.eventsQueue;
  // The SQS module uses the SDK's default credential chain.
  const owner = sandbox.credentialsFor(queue.accountId);
  process.env.AWS_ACCESS_KEY_ID = owner.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = owner.secretAccessKey;

  const backend = await startTestBackend({
    features: [
      eksPodIdentityPlugin,
      eventsModuleAwsSqs,
      inProcessEvents(),
      schedulerServiceFactory,
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({
        data: {
          aws: sandboxAwsConfig(sandbox),
          eksPodIdentity: {
            endpoints: sandbox.endpoints,
            requests: { concurrency: 32 },
            discovery: sandboxDiscovery(estate),
            cloudTrailEvents: { topic: TOPIC },
            // The default with events configured (daily), starting now.
            schedule: {
              frequency: { hours: 24 },
              timeout: { minutes: 30 },
              initialDelay: { seconds: 1 },
            },
          },
          events: {
            modules: {
              awsSqs: {
                awsSqsConsumingEventPublisher: {
                  topics: {
                    [TOPIC]: {
                      queue: {
                        url: queue.url,
                        region: queue.region,
                        endpoint: new URL(queue.url).origin,
                        waitTime: { seconds: 20 },
                      },
                      waitTimeAfterEmptyReceive: { seconds: 0 },
                    },
                  },
                },
              },
            },
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/api/eks-pod-identity`;
  const headers = { Authorization: mockCredentials.user.header() };
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers });
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
    return res.json();
  };

  // The first (full) scan.
  const expected = estate.accounts.reduce(
    (n, a) =>
      n +
      (a.clusters ?? []).reduce((m, c) => m + (c.associations?.length ?? 0), 0),
    0,
  );
  const scanStart = Date.now();
  let total = 0;
  while (total < expected) {
    await new Promise(r => setTimeout(r, 1000));
    // A busy backend may drop a keep-alive connection; ask again next second.
    const clusters =
      (await get('/v1/clusters').catch(() => undefined))?.items ?? [];
    total = clusters.every((c: any) => c.status !== 'pending')
      ? clusters.reduce((n: number, c: any) => n + c.associationCount, 0)
      : 0;
    if (Date.now() - scanStart > 30 * 60_000)
      throw new Error('first scan did not finish');
  }
  const clusters: Array<{ name: string; accountId: string; region: string }> = (
    await get('/v1/clusters')
  ).items;
  console.log(
    `estate: clusters=${
      clusters.length
    } associations=${total} first_scan_seconds=${(
      (Date.now() - scanStart) /
      1000
    ).toFixed(1)}`,
  );

  // Existing associations to update, delete and take roles from: a few per cluster.
  const existing: Association[] = [];
  for (const c of clusters) {
    const page = await get(
      `/v1/associations?cluster=${encodeURIComponent(c.name)}&limit=8`,
    );
    existing.push(...page.items);
  }
  const clusterOf = new Map(clusters.map(c => [c.name, c]));
  const clientsFor = new Map<string, { eks: EKSClient; iam: IAMClient }>();
  const clients = (accountId: string, region: string) => {
    const key = `${accountId}/${region}`;
    if (!clientsFor.has(key)) {
      const options = {
        region,
        credentials: sandbox.credentialsFor(accountId),
        maxAttempts: 3,
      };
      clientsFor.set(key, {
        eks: new EKSClient({ ...options, endpoint: sandbox.endpoints.eks }),
        iam: new IAMClient({ ...options, endpoint: sandbox.endpoints.iam }),
      });
    }
    return clientsFor.get(key)!;
  };
  const association = (a: Association) =>
    get(
      `/v1/associations?cluster=${encodeURIComponent(a.cluster)}&namespace=${
        a.namespace
      }&serviceAccount=${a.serviceAccount}`,
    ).then(page => page.items[0] as Association | undefined);

  // A mix: create, update, delete associations; write role policies.
  const changes: Change[] = [];
  const pool = [...existing];
  for (let i = 0; changes.length < changeCount && pool.length > 1; i++) {
    const a = pool.shift()!;
    const c = clusterOf.get(a.cluster)!;
    const { eks, iam } = clients(c.accountId, c.region);
    const other = pool.find(
      p => p.cluster === a.cluster && p.roleArn !== a.roleArn,
    );
    switch (i % 4) {
      case 0: {
        const created = { ...a, serviceAccount: `fresh-${i}`, id: '' };
        changes.push({
          what: 'create association',
          make: async () => {
            const out = await eks.send(
              new CreatePodIdentityAssociationCommand({
                clusterName: a.cluster,
                namespace: a.namespace,
                serviceAccount: created.serviceAccount,
                roleArn: a.roleArn,
              }),
            );
            created.id = out.association!.associationId!;
          },
          visible: async () => (await association(created))?.id === created.id,
        });
        break;
      }
      case 1: {
        if (!other) continue;
        changes.push({
          what: 'update association',
          make: async () => {
            await eks.send(
              new UpdatePodIdentityAssociationCommand({
                clusterName: a.cluster,
                associationId: a.id,
                roleArn: other.roleArn,
              }),
            );
          },
          visible: async () =>
            (await association(a))?.roleArn === other.roleArn,
        });
        break;
      }
      case 2:
        changes.push({
          what: 'delete association',
          make: async () => {
            await eks.send(
              new DeletePodIdentityAssociationCommand({
                clusterName: a.cluster,
                associationId: a.id,
              }),
            );
          },
          visible: async () => (await association(a)) === undefined,
        });
        break;
      default: {
        const roleName = a.roleArn.split('/').pop()!;
        const policyName = `freshness-${i}`;
        changes.push({
          what: 'put role policy',
          make: async () => {
            await iam.send(
              new PutRolePolicyCommand({
                RoleName: roleName,
                PolicyName: policyName,
                PolicyDocument: JSON.stringify({
                  Version: '2012-10-17',
                  Statement: [
                    { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
                  ],
                }),
              }),
            );
          },
          visible: async () => {
            const role = await get(
              `/v1/roles/${encodeURIComponent(a.roleArn)}`,
            );
            return !!role?.inlinePolicies?.some(
              (p: any) => p.name === policyName,
            );
          },
        });
      }
    }
  }

  const describeCalls = () =>
    Object.entries(sandbox.callCounts())
      .filter(([op]) => op.startsWith('eks:Describe'))
      .reduce((n, [, v]) => n + v, 0);
  const listClusters = () => sandbox.callCounts()['eks:ListClusters'] ?? 0;
  const describesBefore = describeCalls();
  const listsBefore = listClusters();

  // Make the changes one after another, while a poller watches for each.
  let making = true;
  const poller = (async () => {
    while (making || changes.some(c => c.madeAt && !c.seenAt)) {
      const open = changes.filter(c => c.madeAt && !c.seenAt);
      const queue = [...open];
      await Promise.all(
        Array.from({ length: POLL_CONCURRENCY }, async () => {
          for (let c = queue.shift(); c; c = queue.shift()) {
            if (Date.now() - c.madeAt! > MISS_AFTER_MS) continue;
            // A busy backend may drop a keep-alive connection; ask again next round.
            if (await c.visible().catch(() => false)) c.seenAt = Date.now();
          }
        }),
      );
      if (open.every(c => Date.now() - c.madeAt! > MISS_AFTER_MS) && !making)
        break;
      await new Promise(r => setTimeout(r, POLL_MS));
    }
  })();
  for (const change of changes) {
    await change.make();
    change.madeAt = Date.now();
    await new Promise(r => setTimeout(r, 300));
  }
  making = false;
  await poller;

  const latencies = changes
    .filter(c => c.seenAt)
    .map(c => (c.seenAt! - c.madeAt!) / 1000)
    .sort((a, b) => a - b);
  const missed = changes.length - latencies.length;
  const discoveryTargets = sandboxDiscovery(estate).reduce(
    (n: number, d: any) => n + (d.regions?.length ?? 1),
    0,
  );
  const fullScans = Math.round(
    (listClusters() - listsBefore) / discoveryTargets,
  );
  const describes = describeCalls() - describesBefore;
  await backend.stop();
  await sandbox.stop();
  for (const { eks, iam } of clientsFor.values()) {
    eks.destroy();
    iam.destroy();
  }
  const kinds = [...new Set(changes.map(c => c.what))]
    .map(
      w =>
        `${w.replace(/ /g, '_')}=${changes.filter(c => c.what === w).length}`,
    )
    .join(' ');
  console.log(`changes: ${kinds}`);
  console.log(
    `freshness: changes=${changes.length} p50_seconds=${percentile(
      latencies,
      50,
    ).toFixed(1)} p95_seconds=${percentile(latencies, 95).toFixed(
      1,
    )} missed=${missed} full_scans=${fullScans} describe_calls_per_change=${(
      describes / changes.length
    ).toFixed(2)}`,
  );
}

main().then(
  // The SQS module's polling task would keep the process alive.
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
