import type { Knex } from 'knex';
import type {
  NotifiedFinding,
  NotifiedFindingStore,
} from './NotifiedFindingStore';

const TABLE = 'notified_findings';
const WATCHED_TABLE = 'notification_watched_clusters';

/** Rows per statement: stays under SQLite's bound-parameter limit. */
const BATCH = 100;

interface Row {
  key: string;
  entity_ref: string;
  cluster: string;
  code: string;
  severity: string;
  notified_at: string;
  /** SQLite returns booleans as 0/1. */
  baseline: boolean | number;
}

/** In the plugin database, beside the snapshot; its tables come with the plugin's migrations. */
export class KnexNotifiedFindingStore implements NotifiedFindingStore {
  constructor(private readonly knex: Knex) {}

  async list(): Promise<NotifiedFinding[]> {
    const rows: Row[] = await this.knex(TABLE).select();
    return rows.map(r => ({
      key: r.key,
      entityRef: r.entity_ref,
      cluster: r.cluster,
      code: r.code,
      severity: r.severity,
      notifiedAt: r.notified_at,
      baseline: Boolean(r.baseline),
    }));
  }

  async add(findings: NotifiedFinding[]): Promise<void> {
    const rows: Row[] = findings.map(f => ({
      key: f.key,
      entity_ref: f.entityRef,
      cluster: f.cluster,
      code: f.code,
      severity: f.severity,
      notified_at: f.notifiedAt,
      baseline: f.baseline ?? false,
    }));
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.knex(TABLE)
        .insert(rows.slice(i, i + BATCH))
        .onConflict('key')
        .ignore();
    }
  }

  async remove(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += BATCH) {
      await this.knex(TABLE)
        .whereIn('key', keys.slice(i, i + BATCH))
        .delete();
    }
  }

  async listWatchedClusters(): Promise<Set<string>> {
    const rows: { cluster: string }[] = await this.knex(WATCHED_TABLE).select(
      'cluster',
    );
    return new Set(rows.map(r => r.cluster));
  }

  async watchClusters(clusters: string[], since: string): Promise<void> {
    for (let i = 0; i < clusters.length; i += BATCH) {
      await this.knex(WATCHED_TABLE)
        .insert(
          clusters
            .slice(i, i + BATCH)
            .map(cluster => ({ cluster, watched_since: since })),
        )
        .onConflict('cluster')
        .ignore();
    }
  }

  async unwatchClusters(clusters: string[]): Promise<void> {
    for (let i = 0; i < clusters.length; i += BATCH) {
      await this.knex(WATCHED_TABLE)
        .whereIn('cluster', clusters.slice(i, i + BATCH))
        .delete();
    }
  }
}
