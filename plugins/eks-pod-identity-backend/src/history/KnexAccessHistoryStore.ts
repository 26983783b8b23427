import { createHash } from 'node:crypto';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  AccessChange,
  EksPodIdentityChangedEvent,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import type {
  AccessHistoryStore,
  ChangesFilter,
  ChangesPage,
  DeriveChanges,
} from './AccessHistoryStore';
import type { HistoryFact } from './facts';

const CHUNK = 200;

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');
const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

interface FactRow {
  key_hash: string;
  fact_json: string;
}

async function inChunks<T>(items: T[], fn: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += CHUNK) {
    await fn(items.slice(i, i + CHUNK));
  }
}

/** AccessHistoryStore on the plugin database (SQLite or PostgreSQL). */
export class KnexAccessHistoryStore implements AccessHistoryStore {
  static async create(database: DatabaseService) {
    return new KnexAccessHistoryStore(await applyDatabaseMigrations(database));
  }

  constructor(private readonly knex: Knex) {}

  async noteEvent(event: EksPodIdentityChangedEvent, receivedAt: string) {
    await this.knex('access_history_events').insert({
      received_at: receivedAt,
      event_json: JSON.stringify(event),
    });
  }

  async recordSnapshot(
    snapshot: {
      generation: number;
      facts: HistoryFact[];
      at: string;
      eventsSince: string;
    },
    derive: DeriveChanges,
  ): Promise<number> {
    const isPostgres = String(this.knex.client.config.client).startsWith('pg');
    return this.knex.transaction(async tx => {
      // The row lock makes replicas recording the same generation take
      // turns; the second finds it recorded. SQLite serializes writers anyway.
      const metaQuery = tx('access_history_meta').where({ id: 1 });
      const meta = await (isPostgres
        ? metaQuery.forUpdate()
        : metaQuery
      ).first();
      const recorded =
        meta?.generation === null || meta?.generation === undefined
          ? undefined
          : Number(meta.generation);
      if (recorded !== undefined && recorded >= snapshot.generation) return 0;

      const rows: FactRow[] = await tx('access_history_facts').select();
      const previousJson = new Map(rows.map(r => [r.key_hash, r.fact_json]));
      let stored = 0;
      if (recorded !== undefined) {
        const previous = new Map<string, HistoryFact>(
          rows.map(r => {
            const fact = JSON.parse(r.fact_json) as HistoryFact;
            return [fact.key, fact];
          }),
        );
        const eventRows: Array<{ id: number; event_json: string }> = await tx(
          'access_history_events',
        )
          .where('received_at', '>=', snapshot.eventsSince)
          .orderBy('id', 'desc');
        const ids = new Map<EksPodIdentityChangedEvent, number>();
        const events = eventRows.map(r => {
          const event = JSON.parse(r.event_json);
          ids.set(event, r.id);
          return event;
        });
        const { changes, usedEvents } = derive(previous, events);
        for (const change of changes) {
          await this.insertChange(tx, change, snapshot.at);
          stored++;
        }
        const used = [...usedEvents].flatMap(e => ids.get(e) ?? []);
        if (used.length > 0) {
          await tx('access_history_events').whereIn('id', used).delete();
        }
      }
      await this.replaceFacts(tx, previousJson, snapshot.facts);
      await tx('access_history_meta')
        .where({ id: 1 })
        .update({ generation: snapshot.generation });
      return stored;
    });
  }

  private async insertChange(
    tx: Knex.Transaction,
    change: Omit<AccessChange, 'id' | 'at'>,
    at: string,
  ) {
    const [inserted] = await tx('access_changes')
      .insert({
        recorded_at: at,
        cluster: change.cluster ?? null,
        change_json: JSON.stringify(change),
      })
      .returning('id');
    const id = typeof inserted === 'object' ? inserted.id : inserted;
    const refs = [...new Set(change.entityRefs.map(lower))];
    if (refs.length > 0) {
      await tx('access_change_entities').insert(
        refs.map(entity_ref => ({ change_id: id, entity_ref })),
      );
    }
  }

  private async replaceFacts(
    tx: Knex.Transaction,
    previousJson: Map<string, string>,
    facts: HistoryFact[],
  ) {
    const next = new Map(facts.map(f => [hashKey(f.key), JSON.stringify(f)]));
    const gone = [...previousJson.keys()].filter(h => !next.has(h));
    const changed = [...next].filter(([h, j]) => previousJson.get(h) !== j);
    await inChunks(gone, chunk =>
      tx('access_history_facts').whereIn('key_hash', chunk).delete(),
    );
    await inChunks(
      changed.map(([h]) => h).filter(h => previousJson.has(h)),
      chunk => tx('access_history_facts').whereIn('key_hash', chunk).delete(),
    );
    await inChunks(changed, chunk =>
      tx('access_history_facts').insert(
        chunk.map(([key_hash, fact_json]) => ({ key_hash, fact_json })),
      ),
    );
  }

  async listChanges(filter: ChangesFilter): Promise<ChangesPage> {
    const base = () => {
      const q = this.knex('access_changes');
      if (filter.entityRef) {
        q.whereIn(
          'id',
          this.knex('access_change_entities')
            .select('change_id')
            .where({ entity_ref: lower(filter.entityRef) }),
        );
      }
      if (filter.cluster) q.where({ cluster: filter.cluster });
      if (filter.since) q.where('recorded_at', '>=', filter.since);
      return q;
    };
    const [{ count }] = await base().count({ count: '*' });
    const page = base()
      .orderBy('id', 'desc')
      .limit(filter.limit + 1);
    if (filter.beforeId !== undefined) page.where('id', '<', filter.beforeId);
    const rows: Array<{
      id: number;
      recorded_at: string;
      change_json: string;
    }> = await page.select('id', 'recorded_at', 'change_json');
    return {
      totalCount: Number(count),
      hasMore: rows.length > filter.limit,
      items: rows.slice(0, filter.limit).map(r => ({
        id: String(r.id),
        at: r.recorded_at,
        ...JSON.parse(r.change_json),
      })),
    };
  }

  async prune(cutoffs: { changesBefore: string; eventsBefore: string }) {
    await this.knex.transaction(async tx => {
      const old = tx('access_changes')
        .select('id')
        .where('recorded_at', '<', cutoffs.changesBefore);
      await tx('access_change_entities').whereIn('change_id', old).delete();
      await tx('access_changes')
        .where('recorded_at', '<', cutoffs.changesBefore)
        .delete();
      await tx('access_history_events')
        .where('received_at', '<', cutoffs.eventsBefore)
        .delete();
    });
  }
}
