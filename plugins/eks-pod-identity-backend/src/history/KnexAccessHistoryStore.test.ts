import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { EksPodIdentityChangedEvent } from '@pod-identity/plugin-eks-pod-identity-common';
import { attributeChange } from './attributeChange';
import { diffFacts } from './diffFacts';
import type { DeriveChanges } from './AccessHistoryStore';
import type { HistoryFact } from './facts';
import { KnexAccessHistoryStore } from './KnexAccessHistoryStore';

jest.setTimeout(60_000);

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES13_CONNECTION_STRING is
// set (CI starts a server); SQLite always.
const databases = TestDatabases.create({
  ids: ['POSTGRES_13', 'SQLITE_3'],
  disableDocker: true,
});

const ROLE = 'arn:aws:iam::111111111111:role/orders';
const cluster: HistoryFact = {
  key: 'cluster:prod',
  type: 'cluster',
  values: {},
  subject: { cluster: 'prod', entityRefs: [] },
  label: 'prod',
};
const association = (
  id: string,
  owner = 'component:default/Orders',
): HistoryFact => ({
  key: `association:prod/${id}`,
  type: 'association',
  values: { role: ROLE },
  subject: {
    cluster: 'prod',
    namespace: 'team-orders',
    serviceAccount: id,
    associationId: id,
    roleArn: ROLE,
    entityRefs: [owner],
  },
  label: `prod:team-orders/${id}`,
});

const derive =
  (facts: HistoryFact[]): DeriveChanges =>
  (previous, events) => {
    const usedEvents = new Set<EksPodIdentityChangedEvent>();
    const changes = diffFacts(previous, facts).map(c =>
      attributeChange(c, events, usedEvents),
    );
    return { changes, usedEvents };
  };

describe.each(databases.eachSupportedId())(
  'KnexAccessHistoryStore on %s',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      return KnexAccessHistoryStore.create(mockServices.database({ knex }));
    }

    async function record(
      store: KnexAccessHistoryStore,
      generation: number,
      facts: HistoryFact[],
      at = `2026-12-0${generation}T10:00:00.000Z`,
    ) {
      return store.recordSnapshot(
        { generation, facts, at, eventsSince: '2026-12-01T00:00:00.000Z' },
        derive(facts),
      );
    }

    it('takes the first snapshot as the baseline, then stores what changed, with its actor', async () => {
      const store = await createStore();
      expect(await record(store, 1, [cluster, association('a-1')])).toBe(0);
      await store.noteEvent(
        {
          kind: 'association',
          change: 'created',
          cluster: 'prod',
          associationId: 'a-2',
          actor: 'user:default/jane',
          entityRef: 'component:default/payments',
        },
        '2026-12-02T09:59:00.000Z',
      );
      expect(
        await record(store, 2, [
          cluster,
          association('a-1'),
          association('a-2'),
        ]),
      ).toBe(1);
      expect(await record(store, 3, [cluster, association('a-2')])).toBe(1);
      // The event was used up by the change it named: a later one is not the task's.
      expect(await record(store, 4, [cluster])).toBe(1);
      const [deletedLater] = (await store.listChanges({ limit: 1 })).items;
      expect(deletedLater).toMatchObject({
        associationId: 'a-2',
        madeBy: 'outside Backstage',
      });

      const all = await store.listChanges({
        limit: 10,
        beforeId: Number(deletedLater.id),
      });
      expect(all.totalCount).toBe(3);
      expect(
        all.items.map(c => [c.kind, c.associationId, c.madeBy, c.at]),
      ).toEqual([
        [
          'association.deleted',
          'a-1',
          'outside Backstage',
          '2026-12-03T10:00:00.000Z',
        ],
        [
          'association.created',
          'a-2',
          'user:default/jane',
          '2026-12-02T10:00:00.000Z',
        ],
      ]);
      // The event's entity is part of the change, matched without regard to case.
      const payments = await store.listChanges({
        entityRef: 'component:default/payments',
        limit: 10,
      });
      expect(payments.items.map(c => c.associationId)).toEqual(['a-2']);
      const orders = await store.listChanges({
        entityRef: 'component:default/orders',
        limit: 10,
      });
      expect(orders.items.map(c => c.associationId)).toEqual([
        'a-2',
        'a-1',
        'a-2',
      ]);
    });

    it('records nothing after a restart for what it recorded before', async () => {
      const knex = await databases.init(databaseId);
      const facts = [cluster, association('a-1')];
      const before = await KnexAccessHistoryStore.create(
        mockServices.database({ knex }),
      );
      await record(before, 1, [cluster]);
      expect(await record(before, 2, facts)).toBe(1);
      // A new process on the same database: its first view is a newer generation.
      const after = await KnexAccessHistoryStore.create(
        mockServices.database({ knex }),
      );
      expect(await record(after, 3, facts)).toBe(0);
      expect((await after.listChanges({ limit: 10 })).totalCount).toBe(1);
    });

    it('records a generation once, even when replicas both offer it', async () => {
      const store = await createStore();
      await record(store, 1, [cluster]);
      const facts = [cluster, association('a-1')];
      const counts = await Promise.all([
        record(store, 2, facts),
        record(store, 2, facts),
      ]);
      expect(counts.sort()).toEqual([0, 1]);
      // An older view arriving late changes nothing.
      expect(await record(store, 1, [cluster])).toBe(0);
      expect((await store.listChanges({ limit: 10 })).totalCount).toBe(1);
    });

    it('pages newest first, filters by cluster and time, and prunes by age', async () => {
      const store = await createStore();
      await record(store, 1, [cluster]);
      const facts = [cluster];
      for (let g = 2; g <= 6; g++) {
        facts.push(association(`a-${g}`));
        await record(store, g, [...facts]);
      }
      const first = await store.listChanges({ limit: 2 });
      expect(first.items.map(c => c.associationId)).toEqual(['a-6', 'a-5']);
      expect(first.hasMore).toBe(true);
      const second = await store.listChanges({
        limit: 2,
        beforeId: Number(first.items[1].id),
      });
      expect(second.items.map(c => c.associationId)).toEqual(['a-4', 'a-3']);
      const last = await store.listChanges({
        limit: 2,
        beforeId: Number(second.items[1].id),
      });
      expect(last).toMatchObject({ hasMore: false, totalCount: 5 });
      expect(
        (
          await store.listChanges({ since: '2026-12-05T00:00:00Z', limit: 10 })
        ).items.map(c => c.associationId),
      ).toEqual(['a-6', 'a-5']);
      expect(
        (await store.listChanges({ cluster: 'staging', limit: 10 })).totalCount,
      ).toBe(0);

      await store.prune({
        changesBefore: '2026-12-04T00:00:00.000Z',
        eventsBefore: '2026-12-04T00:00:00.000Z',
      });
      const kept = await store.listChanges({
        entityRef: 'component:default/orders',
        limit: 10,
      });
      expect(kept.items.map(c => c.associationId)).toEqual([
        'a-6',
        'a-5',
        'a-4',
      ]);
    });
  },
);
