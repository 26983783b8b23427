import type {
  AccountIamInventory,
  ClusterInventory,
  ClusterRef,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type {
  EntityServiceAccountMapping,
  InventorySnapshot,
} from '../snapshot/types';

/** A pending `POST /v1/refresh`; no cluster = every cluster. */
export interface RefreshRequest {
  cluster?: string;
}

/**
 * Durable home of the inventory snapshot. Every write is one transaction and
 * bumps the generation, so readers (on any replica) see whole clusters and
 * whole accounts, and know when to reload.
 */
export interface SnapshotStore {
  /** The generation (bumped by every write) and when the last full scan started. */
  readMeta(): Promise<{ generation: number; lastFullScanAt?: string }>;
  load(): Promise<InventorySnapshot>;

  /** Makes clusters known before their first scan ends: they show as `pending`. */
  addPendingClusters(clusters: ClusterRef[]): Promise<void>;
  /**
   * After a full scan: removes clusters it did not find, except those `keep`
   * accepts (their listing failed, so their last good data stays).
   */
  removeClustersExcept(
    names: string[],
    keep: (cluster: {
      name: string;
      accountId: string;
      region: string;
    }) => boolean,
  ): Promise<void>;
  /** Stores one cluster's scan; a failed part keeps its last good data, marked stale. */
  saveCluster(inventory: ClusterInventory, attemptedAt: string): Promise<void>;
  /** Stores one account's IAM; a failed read keeps the last good roles, marked stale. */
  saveAccount(inventory: AccountIamInventory): Promise<void>;
  /** Drops accounts no cluster uses any more (after a full scan). */
  removeAccountsExcept(accountIds: string[]): Promise<void>;
  replaceEntityMappings(mappings: EntityServiceAccountMapping[]): Promise<void>;
  markFullScan(at: string): Promise<void>;

  addRefreshRequest(request: RefreshRequest): Promise<void>;
  /** Returns and deletes the pending refresh requests. */
  takeRefreshRequests(): Promise<RefreshRequest[]>;
}
