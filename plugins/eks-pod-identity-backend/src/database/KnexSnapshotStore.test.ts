import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  ALPHA,
  BETA,
  accountInventory,
  association,
  clusterInventory,
  role,
} from '../__testUtils__/fixtures';
import { KnexSnapshotStore } from './KnexSnapshotStore';

jest.setTimeout(60_000);

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES13_CONNECTION_STRING is
// set (CI starts a server); SQLite always.
const databases = TestDatabases.create({
  ids: ['POSTGRES_13', 'SQLITE_3'],
  disableDocker: true,
});

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  return KnexSnapshotStore.create(mockServices.database({ knex }));
}

const roleA = role('111111111111', 'orders');

function goodAlpha(scannedAt = '2026-11-01T10:00:00.000Z') {
  return clusterInventory(ALPHA, {
    associations: [association(ALPHA, 1, 'team-orders', 'orders', roleA.arn)],
    serviceAccounts: [
      { namespace: 'team-orders', name: 'orders', labels: {}, annotations: {} },
    ],
    workloads: [
      {
        kind: 'Deployment',
        namespace: 'team-orders',
        name: 'orders',
        labels: { 'backstage.io/kubernetes-id': 'orders' },
        podLabels: {},
        serviceAccountName: 'orders',
      },
    ],
    pods: [
      {
        namespace: 'team-orders',
        name: 'orders-1',
        labels: {},
        serviceAccountName: 'orders',
        nodeName: 'node-1',
      },
    ],
    scannedAt,
  });
}

describe.each(databases.eachSupportedId())(
  'KnexSnapshotStore on %s',
  databaseId => {
    it('stores a cluster scan and loads it back whole', async () => {
      const store = await createStore(databaseId);
      const before = (await store.readMeta()).generation;
      await store.addPendingClusters([ALPHA, BETA]);
      await store.saveCluster(goodAlpha(), '2026-11-01T09:59:00.000Z');

      const snapshot = await store.load();
      expect(snapshot.generation).toBeGreaterThan(before);
      const [alpha, beta] = snapshot.clusters;
      expect(beta).toMatchObject({
        name: 'beta',
        status: 'pending',
        associations: [],
      });
      expect(alpha).toMatchObject({
        name: 'alpha',
        accountId: '111111111111',
        region: 'us-east-1',
        title: 'Alpha',
        status: 'ok',
        stale: false,
        lastGoodScanAt: '2026-11-01T10:00:00.000Z',
        lastAttemptAt: '2026-11-01T09:59:00.000Z',
        agent: { installed: true, addonStatus: 'ACTIVE' },
        namespaces: ['default', 'kube-system'],
      });
      const expected = goodAlpha();
      expect(alpha.associations).toEqual(expected.associations);
      expect(alpha.serviceAccounts).toEqual(expected.serviceAccounts);
      expect(alpha.workloads).toEqual(expected.workloads);
      expect(alpha.pods).toEqual(expected.pods);
      expect(alpha.nodes).toEqual(expected.nodes);
    });

    it('keeps the last good data, marked stale, when the Kubernetes part fails', async () => {
      const store = await createStore(databaseId);
      await store.saveCluster(goodAlpha(), '2026-11-01T10:00:00.000Z');
      const newAssociation = association(
        ALPHA,
        2,
        'team-orders',
        'billing',
        roleA.arn,
      );
      await store.saveCluster(
        clusterInventory(ALPHA, {
          associations: [...goodAlpha().associations, newAssociation],
          namespaces: [],
          kubernetesError: 'connect ECONNREFUSED 127.0.0.1:1234',
          scannedAt: '2026-11-01T11:00:00.000Z',
        }),
        '2026-11-01T11:00:00.000Z',
      );
      const [alpha] = (await store.load()).clusters;
      expect(alpha).toMatchObject({
        status: 'error',
        error: 'connect ECONNREFUSED 127.0.0.1:1234',
        stale: true,
        lastGoodScanAt: '2026-11-01T10:00:00.000Z',
        namespaces: ['default', 'kube-system'],
      });
      // EKS answered, so its associations are current; Kubernetes lists are the last good ones.
      expect(alpha.associations.map(a => a.serviceAccount).sort()).toEqual([
        'billing',
        'orders',
      ]);
      expect(alpha.serviceAccounts).toEqual(goodAlpha().serviceAccounts);
      expect(alpha.pods).toEqual(goodAlpha().pods);
    });

    it('keeps everything when the EKS part fails, and recovers on the next good scan', async () => {
      const store = await createStore(databaseId);
      await store.saveCluster(goodAlpha(), '2026-11-01T10:00:00.000Z');
      const failed = clusterInventory(ALPHA, {
        scannedAt: '2026-11-01T11:00:00.000Z',
      });
      failed.cluster.status = 'error';
      failed.cluster.error =
        'ResourceNotFoundException: No cluster found for name: alpha.';
      await store.saveCluster(failed, '2026-11-01T11:00:00.000Z');

      let [alpha] = (await store.load()).clusters;
      expect(alpha).toMatchObject({
        status: 'error',
        stale: true,
        error: failed.cluster.error,
      });
      expect(alpha.associations).toEqual(goodAlpha().associations);
      expect(alpha.pods).toEqual(goodAlpha().pods);

      await store.saveCluster(
        goodAlpha('2026-11-01T12:00:00.000Z'),
        '2026-11-01T12:00:00.000Z',
      );
      [alpha] = (await store.load()).clusters;
      expect(alpha).toMatchObject({
        status: 'ok',
        stale: false,
        lastGoodScanAt: '2026-11-01T12:00:00.000Z',
      });
      expect(alpha.error).toBeUndefined();
    });

    it('replaces a cluster atomically: a failing write leaves the previous data', async () => {
      const store = await createStore(databaseId);
      await store.saveCluster(goodAlpha(), '2026-11-01T10:00:00.000Z');
      const generation = (await store.readMeta()).generation;
      const broken = goodAlpha('2026-11-01T11:00:00.000Z');
      // A record that cannot be serialised fails the write after the old rows were deleted.
      broken.associations.push({
        ...association(ALPHA, 9, 'x', 'y', roleA.arn),
        tags: { n: 1n as any },
      });
      await expect(
        store.saveCluster(broken, '2026-11-01T11:00:00.000Z'),
      ).rejects.toThrow();
      const snapshot = await store.load();
      expect(snapshot.generation).toBe(generation);
      expect(snapshot.clusters[0].associations).toEqual(
        goodAlpha().associations,
      );
      expect(snapshot.clusters[0].lastGoodScanAt).toBe(
        '2026-11-01T10:00:00.000Z',
      );
    });

    it('drops clusters no longer listed, but keeps those whose listing failed, marked stale', async () => {
      const store = await createStore(databaseId);
      await store.saveCluster(goodAlpha(), '2026-11-01T10:00:00.000Z');
      await store.saveCluster(
        clusterInventory(BETA),
        '2026-11-01T10:00:00.000Z',
      );

      await store.reconcileClusters(
        [],
        [
          {
            accountId: ALPHA.accountId,
            region: ALPHA.region,
            error: 'AccessDeniedException: no eks:ListClusters',
          },
        ],
        '2026-11-01T11:00:00.000Z',
      );
      let clusters = (await store.load()).clusters;
      expect(clusters.map(c => c.name)).toEqual(['alpha']);
      expect(clusters[0]).toMatchObject({
        status: 'error',
        stale: true,
        error:
          'Listing the clusters of account 111111111111 in us-east-1 failed: AccessDeniedException: no eks:ListClusters',
        lastGoodScanAt: '2026-11-01T10:00:00.000Z',
        lastAttemptAt: '2026-11-01T11:00:00.000Z',
      });
      expect(clusters[0].associations).toEqual(goodAlpha().associations);

      // Pending rows never replace scanned ones.
      await store.addPendingClusters([ALPHA]);
      expect((await store.load()).clusters[0].status).toBe('error');

      await store.reconcileClusters(['alpha'], [], '2026-11-01T12:00:00.000Z');
      clusters = (await store.load()).clusters;
      expect(clusters.map(c => c.name)).toEqual(['alpha']);
      await store.reconcileClusters([], [], '2026-11-01T12:00:00.000Z');
      expect((await store.load()).clusters).toEqual([]);
    });

    it('stores IAM per account, and keeps the last good roles when a read fails', async () => {
      const store = await createStore(databaseId);
      const policy = {
        arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
        name: 'AmazonS3ReadOnlyAccess',
        path: '/',
        awsManaged: true,
        defaultVersionId: 'v3',
        document: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow' as const, Action: 's3:Get*', Resource: '*' },
          ],
        },
      };
      const orders = role('111111111111', 'orders', {
        attachedPolicyArns: [policy.arn],
      });
      await store.saveAccount(
        accountInventory('111111111111', [orders], { policies: [policy] }),
      );
      await store.saveAccount(
        accountInventory('111111111111', [], {
          error:
            'AccessDenied: not authorized to perform iam:GetAccountAuthorizationDetails',
          scannedAt: '2026-11-02T00:00:00.000Z',
        }),
      );
      const [account] = (await store.load()).accounts;
      expect(account).toMatchObject({
        accountId: '111111111111',
        complete: true,
        stale: true,
        error:
          'AccessDenied: not authorized to perform iam:GetAccountAuthorizationDetails',
        lastGoodScanAt: '2026-11-01T10:00:00.000Z',
      });
      expect(account.roles).toEqual([orders]);
      expect(account.policies).toEqual([policy]);

      await store.removeAccountsExcept([]);
      expect((await store.load()).accounts).toEqual([]);
    });

    it('keeps refresh requests until they are completed', async () => {
      const store = await createStore(databaseId);
      await store.addRefreshRequest({ cluster: 'alpha' });
      await store.addRefreshRequest({});
      const pending = await store.pendingRefreshRequests();
      expect(pending).toEqual([
        { id: expect.any(Number), cluster: 'alpha' },
        { id: expect.any(Number) },
      ]);
      // Read again (a scan that failed, or another replica): still there.
      expect(await store.pendingRefreshRequests()).toEqual(pending);
      await store.addRefreshRequest({ cluster: 'beta' });
      await store.completeRefreshRequests(pending.map(r => r.id!));
      expect(await store.pendingRefreshRequests()).toEqual([
        { id: expect.any(Number), cluster: 'beta' },
      ]);
    });

    it('merges a read of some roles into the account, keeping its other roles', async () => {
      const store = await createStore(databaseId);
      const reader = role('222222222222', 'reader');
      const writer = role('222222222222', 'writer');
      const retired = role('222222222222', 'retired');
      await store.saveAccount(
        accountInventory('222222222222', [reader, writer, retired], {
          complete: false,
          mode: 'perRole',
        }),
      );
      const readerNow = role('222222222222', 'reader', {
        tags: { changed: 'yes' },
      });
      await store.mergeAccountRoles(
        accountInventory('222222222222', [readerNow], {
          complete: false,
          mode: 'perRole',
          notFoundRoleArns: [retired.arn],
          scannedAt: '2026-11-02T00:00:00.000Z',
        }),
      );
      const [account] = (await store.load()).accounts;
      expect(account.roles).toEqual([readerNow, writer]);
      expect(account.notFoundRoleArns).toEqual([retired.arn]);

      // A failed partial read changes nothing.
      const before = await store.load();
      await store.mergeAccountRoles(
        accountInventory('222222222222', [], { error: 'Throttling' }),
      );
      expect((await store.load()).accounts).toEqual(before.accounts);
    });

    it('replaces just the associations a targeted read covered', async () => {
      const store = await createStore(databaseId);
      const other = association(
        ALPHA,
        2,
        'team-payments',
        'payments',
        roleA.arn,
      );
      await store.saveCluster(
        clusterInventory(ALPHA, {
          ...goodAlpha(),
          associations: [...goodAlpha().associations, other],
        }),
        '2026-11-01T10:00:00.000Z',
      );
      const granted = association(ALPHA, 3, 'team-orders', 'worker', roleA.arn);
      const before = (await store.readMeta()).generation;
      await store.saveChange({
        cluster: 'alpha',
        associations: {
          scope: { namespace: 'team-orders', serviceAccount: 'worker' },
          records: [granted],
        },
        serviceAccount: {
          namespace: 'team-orders',
          name: 'worker',
          record: {
            namespace: 'team-orders',
            name: 'worker',
            labels: {},
            annotations: {},
          },
        },
        accounts: [],
      });
      // One write: replicas reload once and never see half of it.
      expect((await store.readMeta()).generation).toBe(before + 1);
      const ids = async () =>
        (await store.load()).clusters[0].associations.map(a => a.associationId);
      const [orders] = goodAlpha().associations;
      expect(await ids()).toEqual(
        [orders, other, granted].map(a => a.associationId).sort(),
      );
      expect((await store.load()).clusters[0].workloads).toHaveLength(1);

      await store.saveChange({
        cluster: 'alpha',
        associations: {
          scope: { associationId: granted.associationId },
          records: [],
        },
        accounts: [],
      });
      expect(await ids()).toEqual(
        [orders, other].map(a => a.associationId).sort(),
      );

      expect(
        (await store.load()).clusters[0].serviceAccounts.map(s => s.name),
      ).toEqual(['orders', 'worker']);
    });

    it('loads just the named clusters and accounts, as a whole load holds them', async () => {
      const store = await createStore(databaseId);
      await store.saveCluster(goodAlpha(), '2026-11-01T10:00:00.000Z');
      await store.saveCluster(
        clusterInventory(BETA, {
          associations: [association(BETA, 2, 'team-b', 'b', roleA.arn)],
        }),
        '2026-11-01T10:00:00.000Z',
      );
      await store.saveAccount(accountInventory('111111111111', [roleA]));
      await store.saveAccount(
        accountInventory('222222222222', [role('222222222222', 'b')]),
      );
      const whole = await store.load();

      const part = await store.loadPart({
        clusters: ['beta', 'gone'],
        accountIds: ['111111111111'],
      });

      expect(part).toEqual({
        generation: whole.generation,
        clusters: [whole.clusters.find(c => c.name === 'beta')],
        accounts: [whole.accounts.find(a => a.accountId === '111111111111')],
      });
    });

    it('survives a restart: a new store on the same database reads the same snapshot', async () => {
      const knex = await databases.init(databaseId);
      const first = await KnexSnapshotStore.create(
        mockServices.database({ knex }),
      );
      await first.saveCluster(goodAlpha(), '2026-11-01T10:00:00.000Z');
      await first.markFullScan('2026-11-01T10:00:00.000Z');
      const second = await KnexSnapshotStore.create(
        mockServices.database({ knex }),
      );
      expect(await second.load()).toEqual(await first.load());
      expect((await second.readMeta()).lastFullScanAt).toBe(
        '2026-11-01T10:00:00.000Z',
      );
    });
  },
);
