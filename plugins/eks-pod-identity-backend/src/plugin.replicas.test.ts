/*
 * The snapshot under failure and with several backends, against the sandbox
 * and the real scanner: a cluster that goes down, a backend stopped in the
 * middle of a scan, and two replicas sharing one database.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices } from '@backstage/backend-test-utils';
import { startSandbox, type Sandbox } from '@pod-identity/sandbox';
import request from 'supertest';
import { sandboxPluginConfig } from './__testUtils__/sandboxConfig';
import { sharedDatabase } from './__testUtils__/sharedDatabase';
import { SMALL_ESTATE } from './__testUtils__/smallEstate';
import { ADMIN, as, startPluginBackend } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_13', 'SQLITE_3'],
  disableDocker: true,
});

type Server = Parameters<typeof request>[0];
const get = (server: Server, path: string) =>
  request(server).get(`/api/eks-pod-identity${path}`).set(as(ADMIN));

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
  (await get(server, '/v1/clusters').expect(200)).body.items.map(
    (c: any) => `${c.name}:${c.status}`,
  );

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
    const refresh = () =>
      request(backend.server)
        .post('/api/eks-pod-identity/v1/refresh')
        .set(as(ADMIN))
        .send({})
        .expect(202);
    await refresh();
    const before = (
      await get(backend.server, '/v1/entity/default/component/api/access')
    ).status;
    expect(before).toBe(404); // no such entity; the route still answers

    sandbox.faults.setClusterDown('small-b', true);
    await refresh();

    const clusters = (await get(backend.server, '/v1/clusters').expect(200))
      .body.items;
    expect(clusters.map((c: any) => [c.name, c.status, c.stale])).toEqual([
      ['small-a', 'ok', false],
      ['small-b', 'error', true],
    ]);
    expect(clusters[1].error).toEqual(expect.any(String));
    // The error names no credentials.
    expect(clusters[1].error).not.toMatch(/k8s-aws-v1\.|AKIA|ASIA|secret/i);
    const associations = (
      await get(backend.server, '/v1/associations').expect(200)
    ).body;
    expect(associations.items.map((a: any) => a.cluster)).toEqual([
      'small-a',
      'small-b',
    ]);

    sandbox.faults.setClusterDown('small-b', false);
    await refresh();
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
    await request(backend.server)
      .post('/api/eks-pod-identity/v1/refresh')
      .set(as(ADMIN))
      .send({})
      .expect(202);
    const [, b] = (await get(backend.server, '/v1/clusters').expect(200)).body
      .items;
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

      const bodies = async (server: Server) => ({
        clusters: (await get(server, '/v1/clusters').expect(200)).body,
        associations: (await get(server, '/v1/associations').expect(200)).body,
        role: (
          await get(
            server,
            `/v1/roles/${encodeURIComponent(
              'arn:aws:iam::111111111111:role/api',
            )}`,
          ).expect(200)
        ).body,
      });
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
      const previous = (await get(first.server, '/v1/clusters').expect(200))
        .body;

      // The next scan would find small-b down; slow AWS down so it is still running when the backend stops.
      sandbox.faults.setClusterDown('small-b', true);
      sandbox.faults.setLatency(1000);
      const listed = sandbox.callCounts()['eks:ListClusters'];
      await request(first.server)
        .post('/api/eks-pod-identity/v1/refresh')
        .set(as(ADMIN))
        .send({})
        .expect(202);
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
      expect(
        (await get(second.server, '/v1/clusters').expect(200)).body,
      ).toEqual(previous);
      await second.stop();
    });
  },
);
