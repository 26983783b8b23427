/*
 * Changes made outside Backstage reach the inventory through CloudTrail
 * events: the sandbox delivers them to its SQS queue as EventBridge would,
 * the real events backend AWS SQS module reads the queue with the real SDK
 * client, and the plugin re-reads only what each event names.
 */
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  DeleteMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { TestDatabases } from '@backstage/backend-test-utils';
import eventsModuleAwsSqs from '@backstage/plugin-events-backend-module-aws-sqs';
import type { JsonObject } from '@backstage/types';
import {
  CreatePodIdentityAssociationCommand,
  EKSClient,
  UpdatePodIdentityAssociationCommand,
} from '@aws-sdk/client-eks';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { roleArnOf } from '@pod-identity/plugin-eks-pod-identity-common';
import { startSandbox, type Sandbox } from '@pod-identity/sandbox';
import type { Server } from 'node:http';
import { apiClient, refreshInventory } from './__testUtils__/apiClient';
import {
  CLOUDTRAIL_TOPIC,
  inProcessEventsService,
  queueOwnerClient,
  sandboxQueueConfig,
  useQueueOwnerCredentials,
} from './__testUtils__/cloudTrailEvents';
import { sandboxPluginConfig } from './__testUtils__/sandboxConfig';
import { sharedDatabase } from './__testUtils__/sharedDatabase';
import { SMALL_ESTATE } from './__testUtils__/smallEstate';
import { ADMIN, startPluginBackend } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const ACCOUNT = '111111111111';
const API_ROLE = roleArnOf({
  partition: 'aws',
  accountId: ACCOUNT,
  name: 'api',
});
const WORKER_ROLE = roleArnOf({
  partition: 'aws',
  accountId: ACCOUNT,
  name: 'worker',
});

async function eventually<T>(
  fn: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (ok(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${what}; last value: ${JSON.stringify(value)}`,
      );
    }
    await new Promise(r => setTimeout(r, 200));
  }
}

const associations = async (server: Server) =>
  (await apiClient(server, ADMIN).GET('/v1/associations')).data!.items;

const inlinePolicyNames = async (server: Server, roleArn: string) =>
  (
    await apiClient(server, ADMIN).GET('/v1/roles/{roleArn}', {
      params: { path: { roleArn } },
    })
  ).data!.inlinePolicies.map(p => p.name);

const READ_REPORTS = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow' as const,
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::r/*',
    },
  ],
};

function estate() {
  const seed = structuredClone(SMALL_ESTATE);
  seed.accounts[0].iam!.roles!.push({
    name: 'worker',
    trustPolicy: seed.accounts[0].iam!.roles![0].trustPolicy,
  });
  return seed;
}

describe('freshness through CloudTrail events', () => {
  let sandbox: Sandbox;
  let restoreCredentials: () => void;
  beforeEach(async () => {
    sandbox = await startSandbox({ seed: estate() });
    restoreCredentials = useQueueOwnerCredentials(sandbox);
  });
  afterEach(async () => {
    restoreCredentials();
    await sandbox.stop();
  });

  /** The account's own keys: changes made in the console or by Terraform. */
  const clients = () => {
    const options = {
      region: 'us-east-1',
      credentials: sandbox.credentialsFor(ACCOUNT),
      maxAttempts: 1,
    };
    const eks = new EKSClient({ ...options, endpoint: sandbox.endpoints.eks });
    const iam = new IAMClient({ ...options, endpoint: sandbox.endpoints.iam });
    return {
      createAssociation: async (serviceAccount: string, roleArn: string) =>
        (
          await eks.send(
            new CreatePodIdentityAssociationCommand({
              clusterName: 'small-a',
              namespace: 'team-a',
              serviceAccount,
              roleArn,
            }),
          )
        ).association!.associationId!,
      updateAssociation: (associationId: string, roleArn: string) =>
        eks.send(
          new UpdatePodIdentityAssociationCommand({
            clusterName: 'small-a',
            associationId,
            roleArn,
          }),
        ),
      putRolePolicy: (roleName: string, policyName: string) =>
        iam.send(
          new PutRolePolicyCommand({
            RoleName: roleName,
            PolicyName: policyName,
            PolicyDocument: JSON.stringify(READ_REPORTS),
          }),
        ),
    };
  };

  const queueDepth = async () => {
    const sqs = queueOwnerClient(sandbox);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: sandbox.eventsQueue.url,
        AttributeNames: ['All'],
      }),
    );
    sqs.destroy();
    return (
      Number(Attributes!.ApproximateNumberOfMessages) +
      Number(Attributes!.ApproximateNumberOfMessagesNotVisible)
    );
  };

  async function startBackend(
    options: {
      coalesceWindow?: JsonObject;
      sqsModule?: boolean;
      knex?: ReturnType<Awaited<ReturnType<typeof sharedDatabase>>['connect']>;
    } = {},
  ) {
    const backend = await startPluginBackend({
      config: {
        ...sandboxPluginConfig(sandbox, {
          cloudTrailEvents: {
            topic: CLOUDTRAIL_TOPIC,
            coalesceWindow: options.coalesceWindow ?? { milliseconds: 200 },
          },
          schedule: {
            frequency: { hours: 24 },
            timeout: { minutes: 5 },
            initialDelay: { milliseconds: 100 },
          },
        }),
        events: sandboxQueueConfig(sandbox),
      },
      knex: options.knex,
      features: [
        schedulerServiceFactory,
        inProcessEventsService(),
        ...(options.sqsModule === false ? [] : [eventsModuleAwsSqs]),
      ],
    });
    await eventually(
      async () => (await associations(backend.server)).length,
      n => n === 2,
      'the first scan',
    );
    return backend;
  }

  it('shows an association and a policy changed outside Backstage, reading only those', async () => {
    const backend = await startBackend();
    const aws = clients();
    const before = sandbox.callCounts();

    const created = await aws.createAssociation('worker', WORKER_ROLE);
    await aws.putRolePolicy('api', 'read-reports');

    await eventually(
      async () => (await associations(backend.server)).map(a => a.id),
      ids => ids.includes(created),
      'the new association',
    );
    await eventually(
      () => inlinePolicyNames(backend.server, API_ROLE),
      names => names.includes('read-reports'),
      'the new inline policy',
    );
    const after = sandbox.callCounts();
    const delta = (op: string) => (after[op] ?? 0) - (before[op] ?? 0);
    expect(delta('eks:ListPodIdentityAssociations')).toBe(0);
    expect(delta('eks:DescribePodIdentityAssociation')).toBe(1);
    expect(delta('iam:GetRole')).toBe(2);
    expect(await queueDepth()).toBe(0);
    await backend.stop();
  });

  it('drops a malformed message and an event for an unknown cluster, and keeps draining the queue', async () => {
    const backend = await startBackend();
    const sqs = queueOwnerClient(sandbox);
    const send = (body: unknown) =>
      sqs.send(
        new SendMessageCommand({
          QueueUrl: sandbox.eventsQueue.url,
          MessageBody: JSON.stringify(body),
        }),
      );
    await send({ hello: 'not a CloudTrail event' });
    await send({
      version: '0',
      id: 'e-1',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.eks',
      account: ACCOUNT,
      region: 'us-east-1',
      time: '2026-12-03T10:00:00Z',
      detail: {
        eventSource: 'eks.amazonaws.com',
        eventName: 'CreatePodIdentityAssociation',
        awsRegion: 'us-east-1',
        requestParameters: {
          clusterName: 'not-in-the-inventory',
          namespace: 'x',
          serviceAccount: 'y',
        },
        responseElements: { association: { associationId: 'a-0' } },
      },
    });
    sqs.destroy();
    // The change after them still arrives: nothing is stuck behind them.
    const created = await clients().createAssociation('worker', WORKER_ROLE);
    await eventually(
      async () => (await associations(backend.server)).map(a => a.id),
      ids => ids.includes(created),
      'the association created after the bad messages',
    );
    await eventually(queueDepth, n => n === 0, 'the queue to drain');
    expect((await associations(backend.server)).map(a => a.cluster)).toEqual([
      'small-a',
      'small-a',
      'small-b',
    ]);
    await backend.stop();
  });

  it('coalesces a burst of 1,000 events into one re-read per thing changed', async () => {
    const backend = await startBackend({ coalesceWindow: { seconds: 3 } });
    const aws = clients();
    const [api] = (await associations(backend.server)).filter(
      a => a.cluster === 'small-a',
    );
    const before = sandbox.callCounts();
    const burstStart = Date.now();
    // 500 updates of one association (role flipping), 500 policy writes on one role.
    for (let i = 0; i < 500; i++) {
      await aws.updateAssociation(api.id, i % 2 === 0 ? WORKER_ROLE : API_ROLE);
      await aws.putRolePolicy('api', `p${i % 5}`);
    }
    const burstEnd = Date.now();
    const finalRole = API_ROLE; // i = 499 is odd
    await eventually(queueDepth, n => n === 0, 'the queue to drain', 60_000);
    await eventually(
      async () =>
        (await associations(backend.server)).find(a => a.id === api.id)
          ?.roleArn,
      role => role === finalRole,
      'the last update',
    );
    await eventually(
      () => inlinePolicyNames(backend.server, API_ROLE),
      names => ['p0', 'p1', 'p2', 'p3', 'p4'].every(p => names.includes(p)),
      'the policies',
    );
    const after = sandbox.callCounts();
    const delta = (op: string) => (after[op] ?? 0) - (before[op] ?? 0);
    expect(after['sqs:ReceiveMessage']).toBeGreaterThanOrEqual(100);
    // At most one read of each thing per window the burst spanned (plus the
    // window open when it ended), however many events there were.
    const windows = Math.ceil((burstEnd - burstStart) / 3_000) + 1;
    expect(delta('eks:DescribePodIdentityAssociation')).toBeLessThanOrEqual(
      windows,
    );
    // Per window: the association's re-read reads its role(s), worker and
    // api, and the policy writes' re-read reads api.
    expect(delta('iam:GetRole')).toBeLessThanOrEqual(3 * windows);
    expect(delta('eks:ListPodIdentityAssociations')).toBe(0);
    await backend.stop();
  });

  it('repairs a lost event with the safety-net scan', async () => {
    // No SQS consumer: the event is taken off the queue by someone else.
    const backend = await startBackend({ sqsModule: false });
    const created = await clients().createAssociation('worker', WORKER_ROLE);
    const sqs = queueOwnerClient(sandbox);
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: sandbox.eventsQueue.url,
        MaxNumberOfMessages: 10,
      }),
    );
    expect(Messages).toHaveLength(1);
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: sandbox.eventsQueue.url,
        Entries: Messages!.map(m => ({
          Id: m.MessageId!,
          ReceiptHandle: m.ReceiptHandle!,
        })),
      }),
    );
    sqs.destroy();
    expect((await associations(backend.server)).map(a => a.id)).not.toContain(
      created,
    );

    // The scheduled scan, run now instead of tomorrow.
    await refreshInventory(backend.server);
    await eventually(
      async () => (await associations(backend.server)).map(a => a.id),
      ids => ids.includes(created),
      'the scan to find the association',
    );
    await backend.stop();
  });

  it('with two replicas on one queue, processes each message once', async () => {
    const db = await sharedDatabase(databases, 'SQLITE_3');
    const one = await startBackend({ knex: db.connect() });
    const two = await startBackend({ knex: db.connect() });
    const aws = clients();
    const before = sandbox.callCounts();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push(await aws.createAssociation(`worker-${i}`, WORKER_ROLE));
    }
    for (const server of [one.server, two.server]) {
      await eventually(
        async () => (await associations(server)).map(a => a.id),
        seen => ids.every(id => seen.includes(id)),
        'every new association on both replicas',
      );
    }
    await eventually(queueDepth, n => n === 0, 'the queue to drain');
    const after = sandbox.callCounts();
    // Each association is read once, by whichever replica received its event.
    expect(
      after['eks:DescribePodIdentityAssociation'] -
        (before['eks:DescribePodIdentityAssociation'] ?? 0),
    ).toBe(20);
    await Promise.all([one.stop(), two.stop()]);
    await db.close();
  });
});
