import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  ClusterInventory,
  ClusterRef,
  InventoryScanner,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type { RefreshRequest, SnapshotStore } from '../database/SnapshotStore';
import { refreshEntityMappings } from '../mapping/refreshEntityMappings';
import type { SnapshotReadModel } from '../snapshot/SnapshotReadModel';

export interface InventoryScanTaskOptions {
  scanner: InventoryScanner;
  store: SnapshotStore;
  readModel: SnapshotReadModel;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** Clusters named in config, shown as `pending` until their first scan ends. */
  configuredClusters: ClusterRef[];
  /** A refresh of named clusters only scans those while the last full scan is younger than this. */
  fullScanMaxAgeMs: number;
}

// Refresh requests that arrive while a scan runs get served by further passes
// of the same run rather than waiting for the schedule; bounded so a stream of
// requests cannot hold the task forever.
const MAX_PASSES = 3;

/** One run of the scheduled scan: read the estate, store it cluster by cluster, then IAM. */
export class InventoryScanTask {
  constructor(private readonly options: InventoryScanTaskOptions) {}

  /**
   * Throws when the scan fails or `signal` aborts it; the refresh requests it
   * was serving then stay queued for the next run.
   */
  async run(signal?: AbortSignal): Promise<void> {
    const { store } = this.options;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      signal?.throwIfAborted();
      const requests = await store.pendingRefreshRequests();
      if (pass > 0 && requests.length === 0) return;
      await store.markScanRunning(new Date().toISOString());
      try {
        await this.scan(await this.clustersToScan(requests), signal);
      } finally {
        // Never hides the scan's own error; a marker left behind only makes
        // replicas space their reloads until the next scan clears it.
        await store
          .markScanRunning(undefined)
          .catch(error =>
            this.options.logger.warn(
              `Could not record the scan's end: ${error}`,
            ),
          );
      }
      await store.completeRefreshRequests(
        requests.flatMap(r => (r.id === undefined ? [] : [r.id])),
      );
    }
  }

  /** Named clusters only, when every request names one and a full scan is recent enough. */
  private async clustersToScan(
    requests: RefreshRequest[],
  ): Promise<string[] | undefined> {
    if (requests.length === 0 || requests.some(r => !r.cluster))
      return undefined;
    const { lastFullScanAt } = await this.options.store.readMeta();
    if (!lastFullScanAt) return undefined;
    if (Date.now() - Date.parse(lastFullScanAt) > this.options.fullScanMaxAgeMs)
      return undefined;
    return [...new Set(requests.map(r => r.cluster!))];
  }

  private async scan(only: string[] | undefined, signal?: AbortSignal) {
    const { scanner, store, logger } = this.options;
    const startedAt = new Date().toISOString();
    logger.info(
      only ? `Scanning clusters ${only.join(', ')}` : 'Scanning every cluster',
    );

    if (!only) await store.addPendingClusters(this.options.configuredClusters);
    const saved = new Set<string>();
    const save = async (inventory: ClusterInventory) => {
      if (signal?.aborted) return;
      await store.saveCluster(inventory, startedAt);
      saved.add(inventory.cluster.name);
    };
    const result = await scanner.scan({
      clusters: only,
      onCluster: save,
      signal,
    });
    for (const inventory of result.clusters) {
      if (!saved.has(inventory.cluster.name)) await save(inventory);
    }
    signal?.throwIfAborted();

    if (!only) {
      for (const e of result.discoveryErrors) {
        logger.warn(
          `Cluster discovery failed in ${e.accountId} ${e.region}: ${e.error}`,
        );
      }
      await store.reconcileClusters(
        result.clusters.map(c => c.cluster.name),
        result.discoveryErrors,
        startedAt,
      );
    }
    for (const account of result.accounts) {
      // A scan of some clusters reads only their target roles in other
      // accounts; those accounts' other roles (other clusters' targets) stay.
      if (only && !account.complete) await store.mergeAccountRoles(account);
      else await store.saveAccount(account);
    }
    if (!only) {
      // Accounts whose clusters could not be listed keep their roles, as those clusters stay.
      await store.removeAccountsExcept([
        ...result.accounts.map(a => a.accountId),
        ...result.discoveryErrors.map(e => e.accountId),
      ]);
    }
    await refreshEntityMappings(this.options);
    if (!only) await store.markFullScan(startedAt);
    await this.options.readModel.reload();

    const failed = result.clusters.filter(
      c => c.cluster.status === 'error' || c.kubernetesError,
    );
    const associations = result.clusters.reduce(
      (n, c) => n + c.associations.length,
      0,
    );
    logger.info(
      `Scanned ${result.clusters.length} clusters (${failed.length} with errors), ` +
        `${associations} associations, ${result.accounts.length} accounts`,
    );
  }
}
