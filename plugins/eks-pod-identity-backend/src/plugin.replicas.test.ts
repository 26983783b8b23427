/*
 * The snapshot under failure and with several backends, against the sandbox
 * and the real scanner: a cluster that goes down, a backend stopped in the
 * middle of a scan, and two replicas sharing one database.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices } from '@backstage/backend-test-utils';
import { roleArnOf } from '@pod-identity/plugin-eks-pod-identity-common';
import { startSandbox, type Sandbox } from '@pod-identity/sandbox';
import type { Server } from 'node:http';
import {
  apiClient,
  refreshInventory,
  refusalOf,
} from './__testUtils__/apiClient';
import { sandboxPluginConfig } from './__testUtils__/sandboxConfig';
import { sharedDatabase } from './__testUtils__/sharedDatabase';
import { SMALL_ESTATE } from './__testUtils__/smallEstate';
import { ADMIN, startPluginBackend } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_13', 'SQLITE_3'],
  disableDocker: true,
});

const clusters = async (server: Server) =>
  (await apiClient(server, ADMIN).GET('/v1/clusters')).data!;
const refresh = refreshInventory;

async function eventually<T>(
  fn: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await fn();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `Timed out waiting for ${what}; last value: ${JSON.stringify(value)}`,
      );
    await new Promise(r => setTimeout(r, 200));
  }
}

const statuses = async (server: Server) =>
  (await clusters(server)).items.map(c => `${c.name}:${c.status}`);

describe('snapshot under failure', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ seed: structuredClone(SMALL_ESTATE) });
  });
  afterEach(async () => {
    await sandbox.stop();
  });

  it('keeps serving a cluster whose Kubernetes API went down from its last good data, marked stale', async () => {
    const backend = await startPluginBackend({
      config: sandboxPluginConfig(sandbox),
    });
    const client = apiClient(backend.server, ADMIN);
    await refresh(backend.server);
    const before = await refusalOf(
      client.GET('/v1/entity/{namespace}/{kind}/{name}/access', {
        params: {
          path: { namespace: 'default', kind: 'component', name: 'api' },
        },
      }),
    );
    expect(before.status).toBe(404); // no such entity; the route still answers

    sandbox.faults.setClusterDown('small-b', true);
    await refresh(backend.server);

    const { items } = await clusters(backend.server);
    expect(items.map(c => [c.name, c.status, c.stale])).toEqual([
      ['small-a', 'ok', false],
      ['small-b', 'error', true],
    ]);
    expect(items[1].error).toEqual(expect.any(String));
    // The error names no credentials.
    expect(items[1].error).not.toMatch(/k8s-aws-v1\.|AKIA|ASIA|secret/i);
    const associations = (await client.GET('/v1/associations')).data!;
    expect(associations.items.map(a => a.cluster)).toEqual([
      'small-a',
      'small-b',
    ]);

    sandbox.faults.setClusterDown('small-b', false);
    await refresh(backend.server);
    expect(await statuses(backend.server)).toEqual([
      'small-a:ok',
      'small-b:ok',
    ]);
  });

  it('shows a cluster that was never reachable as error, with what EKS alone could tell', async () => {
    sandbox.faults.setClusterDown('small-b', true);
    const backend = await startPluginBackend({
      config: sandboxPluginConfig(sandbox),
    });
    await refresh(backend.server);
    const [, b] = (await clusters(backend.server)).items;
    expect(b).toMatchObject({
      name: 'small-b',
      status: 'error',
      stale: false,
      associationCount: 1,
    });
    expect(b.lastScanAt).toBeUndefined();
  });
});

describe.each(databases.eachSupportedId())(
  'backends sharing %s',
  databaseId => {
    let sandbox: Sandbox;
    let db: Awaited<ReturnType<typeof sharedDatabase>>;
    beforeEach(async () => {
      sandbox = await startSandbox({ seed: structuredClone(SMALL_ESTATE) });
      db = await sharedDatabase(databases, databaseId);
    });
    afterEach(async () => {
      await sandbox.stop();
      await db.close();
    });

    const schedule = {
      frequency: { minutes: 30 },
      timeout: { minutes: 5 },
      initialDelay: { milliseconds: 200 },
    };
    const replica = (initialDelay = schedule.initialDelay) =>
      startPluginBackend({
        config: sandboxPluginConfig(sandbox, {
          schedule: { ...schedule, initialDelay },
        }),
        knex: db.connect(),
        features: [schedulerServiceFactory],
      });

    it('with two replicas, exactly one scans and both serve the same answers', async () => {
      // Started one after the other: knex creates its migration tables with
      // check-then-create, so two backends migrating an empty database at the
      // same instant can collide in Backstage's own scheduler tables. The
      // initial delay still has both schedulers ready when the task is due.
      const one = await replica({ milliseconds: 3000 });
      const two = await replica({ milliseconds: 3000 });
      await eventually(
        () => statuses(one.server),
        s => s.join() === 'small-a:ok,small-b:ok',
        'the first scan',
      );
      const calls = sandbox.callCounts();
      // One scan: one ListClusters for the one discovery target, one association list per cluster.
      expect(calls['eks:ListClusters']).toBe(1);
      expect(calls['eks:ListPodIdentityAssociations']).toBe(2);

      const bodies = async (server: Server) => {
        const client = apiClient(server, ADMIN);
        return {
          clusters: await clusters(server),
          associations: (await client.GET('/v1/associations')).data!,
          role: (
            await client.GET('/v1/roles/{roleArn}', {
              params: {
                path: {
                  roleArn: roleArnOf({
                    partition: 'aws',
                    accountId: '111111111111',
                    name: 'api',
                  }),
                },
              },
            })
          ).data!,
        };
      };
      const expected = await bodies(one.server);
      await eventually(
        () => bodies(two.server),
        b => JSON.stringify(b) === JSON.stringify(expected),
        'the second replica to reload',
      );
      expect(sandbox.callCounts()['eks:ListPodIdentityAssociations']).toBe(2);
      await Promise.all([one.stop(), two.stop()]);
    });

    it('a backend restarted in the middle of a scan serves the previous snapshot', async () => {
      const first = await replica();
      await eventually(
        () => statuses(first.server),
        s => s.join() === 'small-a:ok,small-b:ok',
        'the first scan',
      );
      const previous = await clusters(first.server);

      // The next scan would find small-b down; slow AWS down so it is still running when the backend stops.
      sandbox.faults.setClusterDown('small-b', true);
      sandbox.faults.setLatency(1000);
      const listed = sandbox.callCounts()['eks:ListClusters'];
      await refresh(first.server);
      await eventually(
        async () => sandbox.callCounts()['eks:ListClusters'],
        n => n > listed,
        'the second scan to start',
      );
      await first.stop();
      sandbox.faults.setLatency(0);

      const second = await startPluginBackend({
        config: sandboxPluginConfig(sandbox, {
          schedule: { ...schedule, initialDelay: { minutes: 10 } },
        }),
        knex: db.connect(),
        features: [
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        ],
      });
      expect(await clusters(second.server)).toEqual(previous);
      await second.stop();
    });
  },
);
