import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type {
  AccountIamInventory,
  ClusterInventory,
  ClusterRef,
  RoleLastAccessedRecord,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type {
  EntityServiceAccountMapping,
  InventorySnapshot,
} from '../snapshot/types';
import { applyDatabaseMigrations } from './migrations';
import {
  AccountRow,
  AssociationRow,
  ClusterRow,
  EntityServiceAccountRow,
  KubernetesObjectRow,
  accountRow,
  associationRows,
  entityServiceAccountRow,
  groupBy,
  kubernetesObjectRows,
  toAccountSnapshot,
  toClusterSnapshot,
  toEntityServiceAccountMapping,
} from './rows';
import type {
  ClusterListingError,
  RefreshRequest,
  SnapshotPart,
  SnapshotStore,
  TargetedRead,
} from './SnapshotStore';

// Well under SQLite's bound-parameter limit with 7 columns per row.
const INSERT_CHUNK = 200;

async function insertChunked(
  tx: Knex.Transaction,
  table: string,
  rows: object[],
) {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await tx(table).insert(rows.slice(i, i + INSERT_CHUNK));
  }
}

async function bumpGeneration(tx: Knex.Transaction) {
  await tx('snapshot_meta').where({ id: 1 }).increment('generation', 1);
}

/** Merges a read of some roles of an account into what is stored. */
async function mergeRoles(
  tx: Knex.Transaction,
  inventory: AccountIamInventory,
) {
  const { accountId } = inventory;
  const existing: AccountRow | undefined = await tx('iam_accounts')
    .where({ account_id: accountId })
    .first();
  const read = inventory.roles.map(r => r.arn);
  const gone = inventory.notFoundRoleArns;
  await tx('iam_roles')
    .whereIn('arn', [...read, ...gone])
    .delete();
  await insertChunked(
    tx,
    'iam_roles',
    inventory.roles.map(r => ({
      arn: r.arn,
      account_id: accountId,
      name: r.name,
      record_json: JSON.stringify(r),
    })),
  );
  const policies = new Map(inventory.policies.map(p => [p.arn, p]));
  await tx('iam_policies')
    .where({ account_id: accountId })
    .whereIn('arn', [...policies.keys()])
    .delete();
  await insertChunked(
    tx,
    'iam_policies',
    [...policies.values()].map(p => ({
      account_id: accountId,
      arn: p.arn,
      record_json: JSON.stringify(p),
    })),
  );
  // An account read whole stays whole: only the roles read changed.
  const notFound = new Set<string>(
    JSON.parse(existing?.not_found_role_arns_json ?? '[]'),
  );
  read.forEach(arn => notFound.delete(arn));
  gone.forEach(arn => notFound.add(arn));
  const unreadable = new Set<string>([
    ...JSON.parse(existing?.unreadable_policy_arns_json ?? '[]'),
    ...inventory.unreadablePolicyArns,
  ]);
  policies.forEach((_, arn) => unreadable.delete(arn));
  const row: AccountRow = existing
    ? {
        ...existing,
        not_found_role_arns_json: JSON.stringify([...notFound].sort()),
        unreadable_policy_arns_json: JSON.stringify([...unreadable].sort()),
      }
    : accountRow(inventory, inventory.scannedAt, false);
  await tx('iam_accounts').insert(row).onConflict('account_id').merge();
}

/** Replaces a cluster's associations within a scope with a fresh read of them. */
async function replaceAssociations(
  tx: Knex.Transaction,
  cluster: string,
  { scope, records }: NonNullable<TargetedRead['associations']>,
) {
  const inScope = tx('associations').where({ cluster });
  if (scope.associationId) inScope.where({ id: scope.associationId });
  else {
    if (scope.namespace) inScope.where({ namespace: scope.namespace });
    if (scope.serviceAccount)
      inScope.where({ service_account: scope.serviceAccount });
  }
  await inScope.delete();
  const rows = associationRows(cluster, records);
  // A read by service account can find one the scan had under another id.
  await tx('associations')
    .where({ cluster })
    .whereIn(
      'id',
      rows.map(r => r.id),
    )
    .delete();
  await insertChunked(tx, 'associations', rows);
  const [{ count }] = await tx('associations')
    .where({ cluster })
    .count({ count: '*' });
  await tx('clusters')
    .where({ name: cluster })
    .update({ association_count: Number(count) });
}

/**
 * The stored clusters and accounts, all of them or only those named, in the
 * order every load returns them (so a part splices into a whole load).
 */
async function readParts(
  tx: Knex.Transaction,
  only?: { clusters: string[]; accountIds: string[] },
): Promise<Pick<InventorySnapshot, 'clusters' | 'accounts'>> {
  const named = <Q extends Knex.QueryBuilder>(
    query: Q,
    column: string,
    names?: string[],
  ): Q => (names ? (query.whereIn(column, names) as Q) : query);
  const clusters: ClusterRow[] = await named(
    tx('clusters'),
    'name',
    only?.clusters,
  ).orderBy('name');
  const associations: AssociationRow[] = await named(
    tx('associations'),
    'cluster',
    only?.clusters,
  ).orderBy(['cluster', 'id']);
  const objects: KubernetesObjectRow[] = await named(
    tx('kubernetes_objects'),
    'cluster',
    only?.clusters,
  ).orderBy(['cluster', 'kind', 'namespace', 'name']);
  const accounts: AccountRow[] = await named(
    tx('iam_accounts'),
    'account_id',
    only?.accountIds,
  ).orderBy('account_id');
  const roles = await named(
    tx('iam_roles'),
    'account_id',
    only?.accountIds,
  ).orderBy('arn');
  const policies = await named(
    tx('iam_policies'),
    'account_id',
    only?.accountIds,
  ).orderBy(['account_id', 'arn']);

  const associationsByCluster = groupBy(associations, r => r.cluster);
  const objectsByCluster = groupBy(objects, r => r.cluster);
  const rolesByAccount = groupBy<{ account_id: string; record_json: string }>(
    roles,
    r => r.account_id,
  );
  const policiesByAccount = groupBy<{
    account_id: string;
    record_json: string;
  }>(policies, r => r.account_id);
  return {
    clusters: clusters.map(c =>
      toClusterSnapshot(
        c,
        associationsByCluster.get(c.name) ?? [],
        objectsByCluster.get(c.name) ?? [],
      ),
    ),
    accounts: accounts.map(a =>
      toAccountSnapshot(
        a,
        rolesByAccount.get(a.account_id) ?? [],
        policiesByAccount.get(a.account_id) ?? [],
      ),
    ),
  };
}

export class KnexSnapshotStore implements SnapshotStore {
  static async create(database: DatabaseService): Promise<KnexSnapshotStore> {
    return new KnexSnapshotStore(await applyDatabaseMigrations(database));
  }

  constructor(private readonly knex: Knex) {}

  async readMeta() {
    const row = await this.knex('snapshot_meta').where({ id: 1 }).first();
    return {
      generation: Number(row?.generation ?? 0),
      lastFullScanAt: row?.last_full_scan_at ?? undefined,
      scanStartedAt: row?.scan_started_at ?? undefined,
    };
  }

  async markScanRunning(startedAt: string | undefined): Promise<void> {
    await this.knex('snapshot_meta')
      .where({ id: 1 })
      .update({ scan_started_at: startedAt ?? null });
  }

  async load(): Promise<InventorySnapshot> {
    return this.readOnly(async tx => {
      const meta = await tx('snapshot_meta').where({ id: 1 }).first();
      const { clusters, accounts } = await readParts(tx);
      const mappings: EntityServiceAccountRow[] = await tx(
        'entity_service_accounts',
      ).orderBy(['entity_ref', 'cluster', 'namespace', 'service_account']);
      const lastAccessed: Array<{ record_json: string }> = await tx(
        'role_last_accessed',
      ).orderBy('role_arn');
      return {
        generation: Number(meta?.generation ?? 0),
        lastFullScanAt: meta?.last_full_scan_at ?? undefined,
        clusters,
        accounts,
        entityMappings: mappings.map(toEntityServiceAccountMapping),
        ...(lastAccessed.length > 0 && {
          lastAccessed: lastAccessed.map(
            r => JSON.parse(r.record_json) as RoleLastAccessedRecord,
          ),
        }),
      };
    });
  }

  async loadPart(part: {
    clusters: string[];
    accountIds: string[];
  }): Promise<SnapshotPart> {
    return this.readOnly(async tx => {
      const meta = await tx('snapshot_meta').where({ id: 1 }).first();
      return {
        generation: Number(meta?.generation ?? 0),
        ...(await readParts(tx, part)),
      };
    });
  }

  /**
   * PostgreSQL's default READ COMMITTED would let a scan commit between two
   * selects; one REPEATABLE READ transaction reads one snapshot. SQLite
   * transactions are serializable already.
   */
  private readOnly<T>(read: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    const isPostgres = String(this.knex.client.config.client).startsWith('pg');
    return this.knex.transaction(
      read,
      isPostgres
        ? { isolationLevel: 'repeatable read', readOnly: true }
        : undefined,
    );
  }

  async addPendingClusters(clusters: ClusterRef[]): Promise<void> {
    await this.knex.transaction(async tx => {
      const known = new Set(
        (await tx('clusters').select('name')).map(
          (r: { name: string }) => r.name,
        ),
      );
      const fresh = clusters.filter(c => !known.has(c.name));
      if (fresh.length === 0) return;
      await insertChunked(
        tx,
        'clusters',
        fresh.map(c => ({
          name: c.name,
          account_id: c.accountId,
          region: c.region,
          title: c.title ?? null,
          status: 'pending',
          stale: false,
        })),
      );
      await bumpGeneration(tx);
    });
  }

  async reconcileClusters(
    listed: string[],
    listingErrors: ClusterListingError[],
    attemptedAt: string,
  ): Promise<void> {
    const failedListing = new Map(
      listingErrors.map(e => [`${e.accountId}/${e.region}`, e.error]),
    );
    await this.knex.transaction(async tx => {
      const known: ClusterRow[] = await tx('clusters').select(
        'name',
        'account_id',
        'region',
        'scanned_at',
      );
      const listedNames = new Set(listed);
      const unlisted = known.filter(k => !listedNames.has(k.name));
      if (unlisted.length === 0) return;
      const removed: string[] = [];
      for (const cluster of unlisted) {
        const error = failedListing.get(
          `${cluster.account_id}/${cluster.region}`,
        );
        if (error === undefined) {
          removed.push(cluster.name);
          continue;
        }
        await tx('clusters')
          .where({ name: cluster.name })
          .update({
            status: 'error',
            error: `Listing the clusters of account ${cluster.account_id} in ${cluster.region} failed: ${error}`,
            stale: Boolean(cluster.scanned_at),
            last_attempt_at: attemptedAt,
          });
      }
      await tx('associations').whereIn('cluster', removed).delete();
      await tx('kubernetes_objects').whereIn('cluster', removed).delete();
      await tx('clusters').whereIn('name', removed).delete();
      await bumpGeneration(tx);
    });
  }

  async saveCluster(
    inventory: ClusterInventory,
    attemptedAt: string,
  ): Promise<void> {
    const { cluster } = inventory;
    await this.knex.transaction(async tx => {
      const existing: ClusterRow | undefined = await tx('clusters')
        .where({ name: cluster.name })
        .first();
      const identity = {
        name: cluster.name,
        account_id: cluster.accountId,
        region: cluster.region,
        title: cluster.title ?? existing?.title ?? null,
        last_attempt_at: attemptedAt,
      };

      let row: Partial<ClusterRow>;
      if (cluster.status === 'error') {
        // EKS did not answer: everything served stays as it was.
        row = {
          ...identity,
          status: 'error',
          error: cluster.error ?? 'The EKS part of the scan failed',
          stale: Boolean(existing?.scanned_at),
        };
      } else {
        await tx('associations').where({ cluster: cluster.name }).delete();
        await insertChunked(
          tx,
          'associations',
          associationRows(cluster.name, inventory.associations),
        );
        const kubernetesOk = !inventory.kubernetesError;
        if (kubernetesOk) {
          await tx('kubernetes_objects')
            .where({ cluster: cluster.name })
            .delete();
          await insertChunked(
            tx,
            'kubernetes_objects',
            kubernetesObjectRows(inventory),
          );
        }
        row = {
          ...identity,
          status: kubernetesOk ? 'ok' : 'error',
          error: inventory.kubernetesError ?? null,
          // Kubernetes lists are kept from the last good scan when the API failed.
          stale: !kubernetesOk && Boolean(existing?.last_good_scan_at),
          last_good_scan_at: kubernetesOk
            ? inventory.scannedAt
            : existing?.last_good_scan_at ?? null,
          scanned_at: inventory.scannedAt,
          association_count: inventory.associations.length,
          info_json: JSON.stringify(cluster),
          agent_json: JSON.stringify(inventory.agent),
          namespaces_json: kubernetesOk
            ? JSON.stringify(inventory.namespaces)
            : existing?.namespaces_json ?? '[]',
          kubernetes_error: inventory.kubernetesError ?? null,
        };
      }
      await tx('clusters').insert(row).onConflict('name').merge();
      await bumpGeneration(tx);
    });
  }

  async saveAccount(inventory: AccountIamInventory): Promise<void> {
    await this.knex.transaction(async tx => {
      const existing: AccountRow | undefined = await tx('iam_accounts')
        .where({ account_id: inventory.accountId })
        .first();
      if (inventory.error) {
        // Keep the roles read last time; say they are stale and why.
        const row = existing
          ? {
              ...existing,
              error: inventory.error,
              stale: true,
              scanned_at: inventory.scannedAt,
            }
          : accountRow(inventory, null, false);
        await tx('iam_accounts').insert(row).onConflict('account_id').merge();
      } else {
        await tx('iam_roles')
          .where({ account_id: inventory.accountId })
          .delete();
        await tx('iam_policies')
          .where({ account_id: inventory.accountId })
          .delete();
        const roles = new Map(
          inventory.roles.map(r => [
            r.arn,
            {
              arn: r.arn,
              account_id: inventory.accountId,
              name: r.name,
              record_json: JSON.stringify(r),
            },
          ]),
        );
        // A role ARN belongs to one account; one read elsewhere (stale data) gives way.
        await tx('iam_roles')
          .whereIn('arn', [...roles.keys()])
          .delete();
        await insertChunked(tx, 'iam_roles', [...roles.values()]);
        const policies = new Map(
          inventory.policies.map(p => [
            p.arn,
            {
              account_id: inventory.accountId,
              arn: p.arn,
              record_json: JSON.stringify(p),
            },
          ]),
        );
        await insertChunked(tx, 'iam_policies', [...policies.values()]);
        await tx('iam_accounts')
          .insert(accountRow(inventory, inventory.scannedAt, false))
          .onConflict('account_id')
          .merge();
      }
      await bumpGeneration(tx);
    });
  }

  async mergeAccountRoles(inventory: AccountIamInventory): Promise<void> {
    if (inventory.error) return;
    await this.knex.transaction(async tx => {
      await mergeRoles(tx, inventory);
      await bumpGeneration(tx);
    });
  }

  async saveChange(change: TargetedRead): Promise<void> {
    await this.knex.transaction(async tx => {
      if (change.cluster && change.associations) {
        await replaceAssociations(tx, change.cluster, change.associations);
      }
      if (change.cluster && change.serviceAccount) {
        const { namespace, name, record } = change.serviceAccount;
        const key = {
          cluster: change.cluster,
          kind: 'serviceAccount',
          namespace,
          name,
        };
        await tx('kubernetes_objects').where(key).delete();
        if (record) {
          await tx('kubernetes_objects').insert({
            ...key,
            record_json: JSON.stringify(record),
          });
        }
      }
      for (const account of change.accounts) {
        if (!account.error) await mergeRoles(tx, account);
      }
      await bumpGeneration(tx);
    });
  }

  async removeAccountsExcept(accountIds: string[]): Promise<void> {
    await this.knex.transaction(async tx => {
      const gone: string[] = (await tx('iam_accounts').select('account_id'))
        .map((r: { account_id: string }) => r.account_id)
        .filter((id: string) => !accountIds.includes(id));
      if (gone.length === 0) return;
      await tx('iam_roles').whereIn('account_id', gone).delete();
      await tx('iam_policies').whereIn('account_id', gone).delete();
      await tx('iam_accounts').whereIn('account_id', gone).delete();
      await bumpGeneration(tx);
    });
  }

  async replaceEntityMappings(
    mappings: EntityServiceAccountMapping[],
  ): Promise<void> {
    await this.knex.transaction(async tx => {
      await tx('entity_service_accounts').delete();
      await insertChunked(
        tx,
        'entity_service_accounts',
        mappings.map(entityServiceAccountRow),
      );
      await bumpGeneration(tx);
    });
  }

  async saveLastAccessed(
    records: RoleLastAccessedRecord[],
    keepArns: string[],
  ): Promise<void> {
    await this.knex.transaction(async tx => {
      await tx('role_last_accessed').whereNotIn('role_arn', keepArns).delete();
      await tx('role_last_accessed')
        .whereIn(
          'role_arn',
          records.map(r => r.roleArn),
        )
        .delete();
      await insertChunked(
        tx,
        'role_last_accessed',
        records.map(r => ({
          role_arn: r.roleArn,
          reported_at: r.reportedAt,
          record_json: JSON.stringify(r),
        })),
      );
      await bumpGeneration(tx);
    });
  }

  async markFullScan(at: string): Promise<void> {
    await this.knex('snapshot_meta')
      .where({ id: 1 })
      .update({ last_full_scan_at: at });
  }

  async addRefreshRequest(request: RefreshRequest): Promise<void> {
    await this.knex('refresh_requests').insert({
      cluster: request.cluster ?? null,
      requested_at: new Date().toISOString(),
    });
  }

  async pendingRefreshRequests(): Promise<RefreshRequest[]> {
    const rows: Array<{ id: number; cluster: string | null }> = await this.knex(
      'refresh_requests',
    )
      .select('id', 'cluster')
      .orderBy('id');
    return rows.map(r => ({
      id: Number(r.id),
      ...(r.cluster ? { cluster: r.cluster } : {}),
    }));
  }

  async completeRefreshRequests(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.knex('refresh_requests').whereIn('id', ids).delete();
  }
}
