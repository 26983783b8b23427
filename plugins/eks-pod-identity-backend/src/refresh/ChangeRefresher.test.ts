/*
 * A change announced on eks-pod-identity.changed is re-read on its own —
 * that association or service account, those roles — against the sandbox
 * through the real scanner, and merged into the stored snapshot.
 */
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DefaultEksGateway,
  DefaultInventoryScanner,
} from '@pod-identity/plugin-eks-pod-identity-node';
import { startSandbox, type Sandbox } from '@pod-identity/sandbox';
import { noAnalysis } from '../analysis/emptyAnalysis';
import { KnexSnapshotStore } from '../database/KnexSnapshotStore';
import { sandboxPluginConfig } from '../__testUtils__/sandboxConfig';
import { SMALL_ESTATE } from '../__testUtils__/smallEstate';
import { InventoryScanTask } from '../scan/InventoryScanTask';
import { SnapshotReadModel } from '../snapshot/SnapshotReadModel';
import { ChangeRefresher } from './ChangeRefresher';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const ACCOUNT = '111111111111';
const WORKER_ROLE = `arn:aws:iam::${ACCOUNT}:role/worker`;
const smallA = { accountId: ACCOUNT, region: 'us-east-1', name: 'small-a' };

function estate() {
  const seed = structuredClone(SMALL_ESTATE);
  seed.accounts[0].iam!.roles!.push({
    name: 'worker',
    trustPolicy: seed.accounts[0].iam!.roles![0].trustPolicy,
    inlinePolicies: {
      read: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::reports/*',
          },
        ],
      },
    },
  });
  return seed;
}

describe('ChangeRefresher', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ seed: estate() });
  });
  afterEach(async () => {
    await sandbox.stop();
  });

  async function setUp() {
    const config = new ConfigReader(sandboxPluginConfig(sandbox));
    const knex = await databases.init('SQLITE_3');
    const store = await KnexSnapshotStore.create(
      mockServices.database({ knex }),
    );
    const logger = mockServices.logger.mock();
    const scanner = DefaultInventoryScanner.fromConfig(config);
    const readModel = new SnapshotReadModel({
      store,
      analyzer: noAnalysis,
      logger,
    });
    const common = {
      scanner,
      store,
      readModel,
      catalog: catalogServiceMock({ entities: [] }),
      auth: mockServices.auth(),
      logger,
    };
    await new InventoryScanTask({
      ...common,
      configuredClusters: [],
      fullScanMaxAgeMs: 60_000,
    }).run();
    return {
      store,
      readModel,
      refresher: new ChangeRefresher(common),
      eks: DefaultEksGateway.fromConfig(config),
    };
  }

  const callsSince = (before: Record<string, number>) => {
    const now = sandbox.callCounts();
    return Object.fromEntries(
      Object.entries(now)
        .map(([k, v]) => [k, v - (before[k] ?? 0)])
        .filter(([, v]) => v !== 0),
    );
  };

  it('adds a new association and its role, reading nothing else', async () => {
    const { store, readModel, refresher, eks } = await setUp();
    const before = await store.load();
    const created = await eks.createAssociation(smallA, {
      namespace: 'team-a',
      serviceAccount: 'worker',
      roleArn: WORKER_ROLE,
    });
    const counts = sandbox.callCounts();

    await refresher.refresh({
      kind: 'association',
      change: 'created',
      cluster: 'small-a',
      namespace: 'team-a',
      serviceAccount: 'worker',
      associationId: created.associationId,
      roleArns: [WORKER_ROLE],
    });

    const view = await readModel.current();
    expect(view.associationFor('small-a', 'team-a', 'worker')).toMatchObject({
      id: created.associationId,
      roleArn: WORKER_ROLE,
    });
    expect(view.roleSummary(WORKER_ROLE)).toMatchObject({ arn: WORKER_ROLE });
    // Everything else is as the scan stored it.
    const after = await store.load();
    expect(after.clusters[1]).toEqual(before.clusters[1]);
    expect(after.accounts[0].roles.map(r => r.arn)).toEqual(
      before.accounts[0].roles.map(r => r.arn),
    );
    const made = callsSince(counts);
    // The Kubernetes client may need the cluster's endpoint (DescribeCluster, cached).
    const { 'eks:DescribeCluster': _endpoint, ...reads } = made;
    expect(reads).toEqual({
      'eks:DescribePodIdentityAssociation': 1,
      'iam:GetRole': 1,
      'iam:ListRolePolicies': 1,
      'iam:GetRolePolicy': 1,
      'iam:ListAttachedRolePolicies': 1,
      'kubernetes:get ServiceAccount': 1,
    });
  });

  it('drops a deleted association, keeping every other one', async () => {
    const { store, readModel, refresher, eks } = await setUp();
    const [api] = (await store.load()).clusters[0].associations;
    await eks.deleteAssociation(smallA, api.associationId);

    await refresher.refresh({
      kind: 'association',
      change: 'deleted',
      cluster: 'small-a',
      namespace: 'team-a',
      serviceAccount: 'api',
      associationId: api.associationId,
    });

    const view = await readModel.current();
    expect(view.associationFor('small-a', 'team-a', 'api')).toBeUndefined();
    expect(view.associationFor('small-b', 'team-a', 'api')).toBeDefined();
  });

  it('applies the changes queued while a round runs together, in the next round', async () => {
    const { readModel, refresher, eks } = await setUp();
    const rounds = jest.spyOn(readModel, 'applyLocalWrites');
    const created = await Promise.all(
      ['one', 'two', 'three'].map(serviceAccount =>
        eks.createAssociation(smallA, {
          namespace: 'team-a',
          serviceAccount,
          roleArn: WORKER_ROLE,
        }),
      ),
    );
    const change = (a: (typeof created)[number]) => ({
      kind: 'association' as const,
      change: 'created' as const,
      cluster: 'small-a',
      namespace: 'team-a',
      serviceAccount: a.serviceAccount,
      associationId: a.associationId,
    });

    const first = refresher.refresh(change(created[0]));
    // Queued while the first round runs; the second is announced twice.
    const queued = [
      refresher.refresh(change(created[1])),
      refresher.refresh(change(created[2])),
      refresher.refresh(change(created[2])),
    ];
    await Promise.all([first, ...queued]);

    expect(rounds).toHaveBeenCalledTimes(2);
    const view = await readModel.current();
    for (const a of created) {
      expect(
        view.associationFor('small-a', 'team-a', a.serviceAccount)?.id,
      ).toBe(a.associationId);
    }
  });

  it('asks a scan that is running to read the cluster once more', async () => {
    const { store, refresher } = await setUp();
    await store.markScanRunning(new Date().toISOString());
    await refresher.refresh({
      kind: 'association',
      change: 'updated',
      cluster: 'small-a',
      namespace: 'team-a',
      serviceAccount: 'api',
    });
    expect(await store.pendingRefreshRequests()).toEqual([
      { id: expect.any(Number), cluster: 'small-a' },
    ]);
  });

  it('keeps what it had, and resolves, when the re-read fails', async () => {
    const { store, refresher } = await setUp();
    const before = await store.load();
    sandbox.faults.denyOperation(ACCOUNT, 'eks:ListPodIdentityAssociations');
    await expect(
      refresher.refresh({
        kind: 'association',
        change: 'created',
        cluster: 'small-a',
        namespace: 'team-a',
        serviceAccount: 'api',
      }),
    ).resolves.toBeUndefined();
    expect((await store.load()).clusters).toEqual(before.clusters);
  });
});
