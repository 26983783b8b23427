/*
 * The scan task's own guarantees: a refresh of some clusters merges what it
 * read (never drops another cluster's data), refresh requests survive a
 * failed or aborted scan, and nothing is saved once the task is aborted.
 */
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { ResponseError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { roleArnOf } from '@pod-identity/plugin-eks-pod-identity-common';
import { startSandbox, type EstateSeed } from '@pod-identity/sandbox';
import { noAnalysis } from '../analysis/emptyAnalysis';
import { KnexSnapshotStore } from '../database/KnexSnapshotStore';
import {
  ALPHA,
  BETA,
  association,
  clusterInventory,
  FakeScanner,
  role,
} from '../__testUtils__/fixtures';
import { sandboxPluginConfig } from '../__testUtils__/sandboxConfig';
import { apiClient, refreshInventory } from '../__testUtils__/apiClient';
import { ADMIN, startPluginBackend } from '../__testUtils__/testBackend';
import { SnapshotReadModel } from '../snapshot/SnapshotReadModel';
import { InventoryScanTask } from './InventoryScanTask';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const trust = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow' as const,
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    },
  ],
};

/** Two clusters whose associations chain to different roles of one other account. */
const CROSS_ACCOUNT_ESTATE: EstateSeed = {
  accounts: [
    {
      id: '111111111111',
      iam: {
        roles: ['a1-app', 'a2-app'].map(name => ({ name, trustPolicy: trust })),
      },
      clusters: ['a1', 'a2'].map(name => ({
        name,
        region: 'us-east-1',
        associations: [
          {
            namespace: 'team-a',
            serviceAccount: 'app',
            role: `${name}-app`,
            targetRoleArn: `arn:aws:iam::222222222222:role/${name}-target`,
          },
        ],
        kubernetes: { namespaces: ['team-a'] },
      })),
    },
    {
      id: '222222222222',
      iam: {
        roles: ['a1-target', 'a2-target'].map(name => ({
          name,
          trustPolicy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow' as const,
                Principal: {
                  AWS: `arn:aws:iam::111111111111:role/${name.replace(
                    'target',
                    'app',
                  )}`,
                },
                Action: ['sts:AssumeRole', 'sts:TagSession'],
              },
            ],
          },
        })),
      },
    },
  ],
};

describe('InventoryScanTask', () => {
  it('a refresh of one cluster keeps the roles other clusters chain to in the same account', async () => {
    const sandbox = await startSandbox({ seed: CROSS_ACCOUNT_ESTATE });
    try {
      const backend = await startPluginBackend({
        config: sandboxPluginConfig(sandbox),
      });
      const refresh = (body: { cluster?: string }) =>
        refreshInventory(backend.server, body);
      const roleStatus = (roleArn: string) =>
        apiClient(backend.server, ADMIN)
          .GET('/v1/roles/{roleArn}', { params: { path: { roleArn } } })
          .then(
            ({ response }) => response.status,
            (error: ResponseError) => error.response.status,
          );
      const a2Target = roleArnOf({
        partition: 'aws',
        accountId: '222222222222',
        name: 'a2-target',
      });

      await refresh({});
      expect(await roleStatus(a2Target)).toBe(200);
      const reads = sandbox.callCounts()['iam:GetRole'];
      await refresh({ cluster: 'a1' });
      // The refresh did re-read a1's target role, and only that one there.
      expect(sandbox.callCounts()['iam:GetRole']).toBe(reads + 1);
      expect(await roleStatus(a2Target)).toBe(200);
      expect(await roleStatus('arn:aws:iam::222222222222:role/a1-target')).toBe(
        200,
      );
      await backend.stop();
    } finally {
      await sandbox.stop();
    }
  });

  describe('with a scanner the test drives', () => {
    async function setUp() {
      const knex = await databases.init('SQLITE_3');
      const store = await KnexSnapshotStore.create(
        mockServices.database({ knex }),
      );
      const logger = mockServices.logger.mock();
      const scanner = new FakeScanner();
      scanner.clusters = [ALPHA, BETA];
      const roleA = role(ALPHA.accountId, 'orders');
      scanner.inventories.set(
        'alpha',
        clusterInventory(ALPHA, {
          associations: [association(ALPHA, 1, 'team-a', 'api', roleA.arn)],
        }),
      );
      scanner.inventories.set('beta', clusterInventory(BETA));
      const task = new InventoryScanTask({
        scanner,
        store,
        readModel: new SnapshotReadModel({
          store,
          analyzer: noAnalysis,
          logger,
        }),
        catalog: catalogServiceMock({ entities: [] }),
        auth: mockServices.auth(),
        logger,
        configuredClusters: [],
        fullScanMaxAgeMs: 60_000,
      });
      return { store, scanner, task };
    }

    it('keeps the refresh requests of a scan that failed, and completes them when one succeeds', async () => {
      const { store, scanner, task } = await setUp();
      await store.addRefreshRequest({});
      const beta = scanner.inventories.get('beta')!;
      scanner.inventories.delete('beta');

      await expect(task.run()).rejects.toThrow('no inventory for beta');
      expect(await store.pendingRefreshRequests()).toEqual([
        { id: expect.any(Number) },
      ]);

      scanner.inventories.set('beta', beta);
      await task.run();
      expect(await store.pendingRefreshRequests()).toEqual([]);
      expect((await store.load()).clusters.map(c => c.name)).toEqual([
        'alpha',
        'beta',
      ]);
    });

    it('saves no cluster once the task is aborted, and fails so the requests stay', async () => {
      const { store, task } = await setUp();
      await store.addRefreshRequest({});
      const controller = new AbortController();
      const saveCluster = store.saveCluster.bind(store);
      const saved: string[] = [];
      store.saveCluster = async (inventory, at) => {
        await saveCluster(inventory, at);
        saved.push(inventory.cluster.name);
        // The scheduler gives up (timeout) while the scan goes on.
        controller.abort(new Error('scan task timed out'));
      };

      await expect(task.run(controller.signal)).rejects.toThrow(
        'scan task timed out',
      );
      expect(saved).toEqual(['alpha']);
      expect((await store.load()).clusters.map(c => c.name)).toEqual(['alpha']);
      expect(await store.readMeta()).toMatchObject({
        lastFullScanAt: undefined,
      });
      expect(await store.pendingRefreshRequests()).toHaveLength(1);
    });
  });
});
