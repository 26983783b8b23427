import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  ActionCatalogue,
  DefaultInventoryAnalyzer,
  type RoleRecord,
} from '@pod-identity/plugin-eks-pod-identity-node';
import { KnexSnapshotStore } from '../database/KnexSnapshotStore';
import {
  ALPHA,
  BETA,
  accountInventory,
  association,
  clusterInventory,
  role,
} from '../__testUtils__/fixtures';
import { SnapshotReadModel } from './SnapshotReadModel';
import type { SnapshotView } from './SnapshotView';

/*
 * A targeted re-read made here is served by splicing what it touched into
 * the view and re-analysing with what the analyzer already knows, instead of
 * loading and analysing the whole estate. What the API serves must be what a
 * whole load serves.
 */

const databases = TestDatabases.create({
  ids: ['POSTGRES_13', 'SQLITE_3'],
  disableDocker: true,
});

const ACCOUNT = ALPHA.accountId;
const shared = role(ACCOUNT, 'shared', {
  inlinePolicies: [
    {
      name: 'read',
      document: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
      },
    },
  ],
});
const other = role(ACCOUNT, 'other');
const admin: RoleRecord = {
  ...shared,
  inlinePolicies: [
    {
      name: 'admin',
      document: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      },
    },
  ],
};
// `shared` is used in both clusters, beta's from another account.
const alphaApi = association(ALPHA, 1, 'shop', 'api', shared.arn);
const alphaWorker = association(ALPHA, 2, 'shop', 'worker', other.arn);
const betaApi = association(BETA, 3, 'shop', 'api', shared.arn);

/** What the routes serve from a view. */
function served(view: SnapshotView) {
  return {
    generation: view.generation,
    clusters: view.clusterStatuses(),
    associations: view.associations,
    findings: view.findings.all,
    roles: [shared.arn, other.arn].map(arn => view.roleDetail(arn)),
  };
}

describe.each(databases.eachSupportedId())(
  'SnapshotReadModel.applyLocalWrites on %s',
  databaseId => {
    let catalogue: ActionCatalogue;
    beforeAll(async () => {
      catalogue = await ActionCatalogue.load();
    }, 60_000);

    async function setUp() {
      const knex = await databases.init(databaseId);
      const store = await KnexSnapshotStore.create(
        mockServices.database({ knex }),
      );
      await store.saveCluster(
        clusterInventory(ALPHA, { associations: [alphaApi, alphaWorker] }),
        '2026-11-01T10:00:00.000Z',
      );
      await store.saveCluster(
        clusterInventory(BETA, { associations: [betaApi] }),
        '2026-11-01T10:00:00.000Z',
      );
      await store.saveAccount(accountInventory(ACCOUNT, [shared, other]));
      await store.saveAccount(accountInventory(BETA.accountId, []));
      const model = (s: KnexSnapshotStore) =>
        new SnapshotReadModel({
          store: s,
          analyzer: new DefaultInventoryAnalyzer({ catalogue }),
          logger: mockServices.logger.mock(),
        });
      const whole = async () => served(await model(store).current());
      return { knex, store, model: model(store), whole };
    }

    it('serves a role change as a whole load does, on every association that uses the role', async () => {
      const { store, model, whole } = await setUp();
      await model.current();
      const load = jest.spyOn(store, 'load');

      const view = await model.applyLocalWrites(async () => {
        await store.saveChange({
          accounts: [accountInventory(ACCOUNT, [admin], { complete: false })],
        });
        return { count: 1, clusters: [], accountIds: [ACCOUNT] };
      });

      expect(load).not.toHaveBeenCalled();
      load.mockRestore();
      expect(served(view)).toEqual(await whole());
      const adminOf = (cluster: string, sa: string) =>
        view.associationFor(cluster, 'shop', sa)?.access?.admin;
      expect(adminOf('alpha', 'api')).toBe(true);
      expect(adminOf('beta', 'api')).toBe(true);
      expect(adminOf('alpha', 'worker')).toBe(false);
      expect(view.findings.all.filter(f => f.code === 'POLICY_ADMIN')).toEqual([
        expect.objectContaining({ subject: { type: 'role', id: shared.arn } }),
      ]);
    });

    it('serves an association change and its role as a whole load does', async () => {
      const { store, model, whole } = await setUp();
      await model.current();
      const load = jest.spyOn(store, 'load');
      const moved = { ...alphaWorker, roleArn: shared.arn };

      const view = await model.applyLocalWrites(async () => {
        await store.saveChange({
          cluster: ALPHA.name,
          associations: {
            scope: { associationId: moved.associationId },
            records: [moved],
          },
          accounts: [accountInventory(ACCOUNT, [admin], { complete: false })],
        });
        await store.saveChange({
          cluster: BETA.name,
          associations: {
            scope: { associationId: betaApi.associationId },
            records: [],
          },
          accounts: [],
        });
        return { count: 2, clusters: ['alpha', 'beta'], accountIds: [ACCOUNT] };
      });

      expect(load).not.toHaveBeenCalled();
      load.mockRestore();
      expect(served(view)).toEqual(await whole());
      expect(view.associationFor('alpha', 'shop', 'worker')).toMatchObject({
        roleArn: shared.arn,
        access: expect.objectContaining({ admin: true }),
      });
      expect(view.associationFor('beta', 'shop', 'api')).toBeUndefined();
      expect(view.clusterStatus('beta')?.associationCount).toBe(0);
    });

    it('loads everything when another writer wrote meanwhile', async () => {
      const { knex, store, model, whole } = await setUp();
      await model.current();
      const otherReplica = await KnexSnapshotStore.create(
        mockServices.database({ knex }),
      );
      const load = jest.spyOn(store, 'load');

      const view = await model.applyLocalWrites(async () => {
        await store.saveChange({
          accounts: [accountInventory(ACCOUNT, [admin], { complete: false })],
        });
        // A scan elsewhere stores beta without its association.
        await otherReplica.saveCluster(
          clusterInventory(BETA),
          '2026-11-01T11:00:00.000Z',
        );
        return { count: 1, clusters: [], accountIds: [ACCOUNT] };
      });

      expect(load).toHaveBeenCalled();
      load.mockRestore();
      expect(served(view)).toEqual(await whole());
      expect(view.associationFor('beta', 'shop', 'api')).toBeUndefined();
    });
  },
);
