import type {
  AccountIamInventory,
  ClusterInventory,
  ClusterRef,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type {
  EntityServiceAccountMapping,
  InventorySnapshot,
} from '../snapshot/types';

/** An account × region whose ListClusters failed. */
export interface ClusterListingError {
  accountId: string;
  region: string;
  error: string;
}

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
   * After a full scan: removes the clusters it did not list, except those in
   * an account × region whose listing failed; these keep their last good
   * data, marked stale, with the listing error.
   */
  reconcileClusters(
    listed: string[],
    listingErrors: ClusterListingError[],
    attemptedAt: string,
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
