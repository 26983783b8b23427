import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  accountOfArn,
  type EksPodIdentityChangedEvent,
} from '@pod-identity/plugin-eks-pod-identity-common';
import {
  describeError,
  type AccountIamInventory,
  type AssociationRecord,
  type AssociationScope,
  type ClusterRef,
  type InventoryScanner,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type { SnapshotStore, TargetedRead } from '../database/SnapshotStore';
import { refreshEntityMappings } from '../mapping/refreshEntityMappings';
import type {
  LocalWrites,
  SnapshotReadModel,
} from '../snapshot/SnapshotReadModel';

export interface ChangeRefresherOptions {
  scanner: InventoryScanner;
  store: SnapshotStore;
  readModel: SnapshotReadModel;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}

/** Changes of one batch read at once; each is a handful of calls. */
const READS_IN_PARALLEL = 8;

const addRoles = (arns: Set<string>, a: AssociationRecord) => {
  arns.add(a.roleArn);
  if (a.targetRoleArn) arns.add(a.targetRoleArn);
};

/** An event that names no association, service account or role: the cluster itself changed. */
const wholeCluster = (event: EksPodIdentityChangedEvent) =>
  !event.associationId && !event.namespace && event.kind !== 'role';

/**
 * Re-reads what a change announced on `eks-pod-identity.changed` touched —
 * one association, one service account's, or one cluster, and the roles
 * involved — merges it into the stored snapshot and serves it through the
 * read model for the cost of what it touched, within seconds instead of at
 * the next scan. One round is applied at a time; everything queued while it
 * runs is applied together in the next, so a backlog never builds up.
 */
export class ChangeRefresher {
  private waiting: Array<{
    events: EksPodIdentityChangedEvent[];
    applied: () => void;
  }> = [];
  private draining = false;

  constructor(private readonly options: ChangeRefresherOptions) {}

  /** Queues the re-read; resolves once it is applied. Never rejects. */
  refresh(event: EksPodIdentityChangedEvent): Promise<void> {
    return this.refreshAll([event]);
  }

  /**
   * Queues the re-reads of several changes, served together: each is read
   * and stored on its own, then the read model splices in what they touched
   * and analyses once, which is what a burst would otherwise pay per change.
   * Never rejects.
   */
  refreshAll(events: EksPodIdentityChangedEvent[]): Promise<void> {
    return new Promise(applied => {
      this.waiting.push({ events, applied });
      if (!this.draining) void this.drain();
    });
  }

  private async drain() {
    this.draining = true;
    while (this.waiting.length > 0) {
      const round = this.waiting.splice(0);
      // The same change queued twice is read once.
      const events = new Map(
        round.flatMap(r => r.events).map(e => [JSON.stringify(e), e]),
      );
      await this.applyAll([...events.values()]).catch(() => undefined);
      round.forEach(r => r.applied());
    }
    this.draining = false;
  }

  private async applyAll(events: EksPodIdentityChangedEvent[]) {
    const { readModel, logger } = this.options;
    const writes: LocalWrites = { count: 0, clusters: [], accountIds: [] };
    const pending = [...events];
    // Different things are read side by side; each is stored on its own.
    const worker = async () => {
      for (let event = pending.shift(); event; event = pending.shift()) {
        try {
          const written = await this.apply(event);
          writes.count += written.count;
          writes.clusters.push(...written.clusters);
          writes.accountIds.push(...written.accountIds);
        } catch (error) {
          // The change then shows with the next scan; nothing served is lost.
          logger.warn(
            `Could not re-read the change to ${describeChange(
              event,
            )}: ${describeError(error)}`,
          );
        }
      }
    };
    try {
      // Served once for the batch, for the cost of what it touched.
      const view = await readModel.applyLocalWrites(async () => {
        await Promise.all(
          Array.from(
            { length: Math.min(READS_IN_PARALLEL, events.length) },
            worker,
          ),
        );
        return {
          count: writes.count,
          clusters: [...new Set(writes.clusters)],
          accountIds: [...new Set(writes.accountIds)],
        };
      });
      // The entity mappings (owners) follow; the read model picks them up
      // with its next generation check.
      if (writes.count > 0) {
        await refreshEntityMappings({ ...this.options, current: view });
      }
    } catch (error) {
      logger.warn(`Could not serve re-read changes: ${describeError(error)}`);
    }
  }

  /** Reads and stores one change; says what it wrote. */
  private async apply(event: EksPodIdentityChangedEvent): Promise<LocalWrites> {
    const { scanner, store, logger } = this.options;
    const ref = event.cluster
      ? await this.clusterRef(event.cluster)
      : undefined;
    if (event.cluster && !ref) {
      logger.info(
        `Cluster ${event.cluster} is not in the inventory yet; the next scan reads it`,
      );
    }
    const roleArns = new Set(event.roleArns ?? []);
    let read: TargetedRead | undefined;
    let count = 0;
    if (ref && wholeCluster(event)) {
      // The cluster itself changed (e.g. an add-on): read all of it again.
      const inventory = await scanner.scanCluster(ref);
      await store.saveCluster(inventory, inventory.scannedAt);
      count++;
      inventory.associations.forEach(a => addRoles(roleArns, a));
    } else if (ref) {
      read = await this.readPart(ref, event);
      read.associations?.records.forEach(a => addRoles(roleArns, a));
    }
    const accounts = await this.readRoles([...roleArns]);
    // One write, so other replicas reload once and never see half a change.
    await store.saveChange({ ...read, accounts });
    count++;
    // A scan that read this cluster before the change may save it after
    // this; the request makes that scan read the cluster once more.
    if (ref && (await store.readMeta()).scanStartedAt) {
      await store.addRefreshRequest({ cluster: ref.name });
    }
    logger.info(`Re-read ${describeChange(event)} after a change`);
    return {
      count,
      clusters: ref ? [ref.name] : [],
      accountIds: accounts.filter(a => !a.error).map(a => a.accountId),
    };
  }

  /** The associations and service account the event names, as they are now. */
  private async readPart(
    ref: ClusterRef,
    event: EksPodIdentityChangedEvent,
  ): Promise<TargetedRead> {
    const { scanner, logger } = this.options;
    const { namespace, serviceAccount, associationId } = event;
    const read: TargetedRead = { cluster: ref.name, accounts: [] };
    if (namespace && serviceAccount) {
      try {
        read.serviceAccount = {
          namespace,
          name: serviceAccount,
          record: await scanner.scanServiceAccount(
            ref,
            namespace,
            serviceAccount,
          ),
        };
      } catch (error) {
        // The associations and roles still refresh; the service account
        // shows as of the last scan.
        logger.warn(
          `Could not re-read service account ${
            ref.name
          }:${namespace}/${serviceAccount}: ${describeError(error)}`,
        );
      }
    }
    if (event.kind === 'association') {
      const scope: AssociationScope = associationId
        ? { associationId }
        : { namespace, serviceAccount };
      read.associations = {
        scope,
        records: await scanner.scanAssociations(ref, scope),
      };
    }
    return read;
  }

  private async readRoles(arns: string[]): Promise<AccountIamInventory[]> {
    const { scanner, logger } = this.options;
    const byAccount = new Map<string, string[]>();
    for (const arn of arns) {
      const account = accountOfArn(arn);
      if (account)
        byAccount.set(account, [...(byAccount.get(account) ?? []), arn]);
    }
    const reads = await Promise.all(
      [...byAccount].map(([accountId, roleArns]) =>
        scanner.scanAccountIam(accountId, { roleArns }),
      ),
    );
    for (const r of reads.filter(a => a.error)) {
      logger.warn(`Could not re-read roles in ${r.accountId}: ${r.error}`);
    }
    return reads;
  }

  private async clusterRef(name: string): Promise<ClusterRef | undefined> {
    const cluster = (await this.options.readModel.current()).cluster(name);
    if (!cluster) return undefined;
    return {
      name: cluster.name,
      accountId: cluster.accountId,
      region: cluster.region,
      title: cluster.title,
      source: 'config',
    };
  }
}

function describeChange(event: EksPodIdentityChangedEvent): string {
  const where = [
    event.cluster,
    event.namespace && `${event.namespace}/${event.serviceAccount ?? '*'}`,
    event.associationId,
    ...(event.roleArns ?? []),
  ].filter(Boolean);
  return `${event.kind} ${where.join(' ')}`.trim();
}
