import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { noAnalysis } from '../analysis/emptyAnalysis';
import { KnexSnapshotStore } from '../database/KnexSnapshotStore';
import {
  ALPHA,
  association,
  clusterInventory,
} from '../__testUtils__/fixtures';
import { SnapshotReadModel } from './SnapshotReadModel';

const databases = TestDatabases.create({
  ids: ['POSTGRES_13', 'SQLITE_3'],
  disableDocker: true,
});

async function until<T>(
  fn: () => Promise<T>,
  ok: (value: T) => boolean,
): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await fn();
    if (ok(value)) return value;
    await new Promise(r => setTimeout(r, 10));
  }
  throw new Error('condition not reached');
}

describe.each(databases.eachSupportedId())(
  'SnapshotReadModel on %s',
  databaseId => {
    it('serves the held view and reloads when another writer moves the generation', async () => {
      const knex = await databases.init(databaseId);
      const writer = await KnexSnapshotStore.create(
        mockServices.database({ knex }),
      );
      const readerStore = await KnexSnapshotStore.create(
        mockServices.database({ knex }),
      );
      const reader = new SnapshotReadModel({
        store: readerStore,
        analyzer: noAnalysis,
        logger: mockServices.logger.mock(),
        generationCheckIntervalMs: 0,
      });

      const empty = await reader.current();
      expect(empty.associations).toEqual([]);

      await writer.saveCluster(
        clusterInventory(ALPHA, {
          associations: [
            association(
              ALPHA,
              1,
              'ns',
              'sa',
              'arn:aws:iam::111111111111:role/r',
            ),
          ],
        }),
        '2026-11-01T10:00:00.000Z',
      );
      // The next requests pick up the other writer's scan without a local reload.
      const updated = await until(
        () => reader.current(),
        v => v.generation > empty.generation,
      );
      expect(updated.associations.map(a => a.serviceAccount)).toEqual(['sa']);
      expect(updated.clusterStatus('alpha')).toMatchObject({
        status: 'ok',
        associationCount: 1,
      });
    });

    it('reload() after a local write always returns that write, even with a load in flight', async () => {
      const knex = await databases.init(databaseId);
      const store = await KnexSnapshotStore.create(
        mockServices.database({ knex }),
      );
      const model = new SnapshotReadModel({
        store,
        analyzer: noAnalysis,
        logger: mockServices.logger.mock(),
      });
      const inFlight = model.reload();
      await store.saveCluster(
        clusterInventory(ALPHA),
        '2026-11-01T10:00:00.000Z',
      );
      const after = await model.reload();
      await inFlight;
      expect(after.generation).toBe((await store.readMeta()).generation);
      expect(after.clusterNames()).toEqual(['alpha']);
    });
  },
);
