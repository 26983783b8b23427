import type {
  AccountIamInventory,
  AssociationRecord,
  AssociationScope,
  ClusterInventory,
  ClusterRef,
  RoleLastAccessedRecord,
  ServiceAccountRecord,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type {
  AccountSnapshot,
  ClusterSnapshot,
  EntityServiceAccountMapping,
  InventorySnapshot,
} from '../snapshot/types';

/** An account × region whose ListClusters failed. */
export interface ClusterListingError {
  accountId: string;
  region: string;
  error: string;
}

/** A fresh read of part of one known cluster and of some roles. */
export interface TargetedRead {
  /** The cluster the associations and service account are in. */
  cluster?: string;
  associations?: { scope: AssociationScope; records: AssociationRecord[] };
  /** `record` undefined: the service account no longer exists. */
  serviceAccount?: {
    namespace: string;
    name: string;
    record: ServiceAccountRecord | undefined;
  };
  accounts: AccountIamInventory[];
}

/** Some clusters and accounts as stored, and the generation they are of. */
export interface SnapshotPart {
  generation: number;
  /** The named clusters the store holds, ordered by name. */
  clusters: ClusterSnapshot[];
  /** The named accounts the store holds, ordered by account id. */
  accounts: AccountSnapshot[];
}

/** A pending `POST /v1/refresh`; no cluster = every cluster. */
export interface RefreshRequest {
  /** Set on requests read back from the store. */
  id?: number;
  cluster?: string;
}

/**
 * Durable home of the inventory snapshot. Every write is one transaction and
 * bumps the generation, so readers (on any replica) see whole clusters and
 * whole accounts, and know when to reload.
 */
export interface SnapshotStore {
  /**
   * The generation (bumped by every write), when the last full scan started,
   * and when the scan running now (on any replica) started.
   */
  readMeta(): Promise<{
    generation: number;
    lastFullScanAt?: string;
    scanStartedAt?: string;
  }>;
  /** Records that a scan started (`undefined`: it ended). */
  markScanRunning(startedAt: string | undefined): Promise<void>;
  load(): Promise<InventorySnapshot>;
  /**
   * The named clusters and accounts only, read as one snapshot: what a
   * targeted re-read changed, without reading the rest of the estate.
   */
  loadPart(part: {
    clusters: string[];
    accountIds: string[];
  }): Promise<SnapshotPart>;

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
  /**
   * Merges a read of some roles of an account into what is stored: the roles
   * read replace their records, those IAM says are gone are removed, and every
   * other role of the account stays. A failed read changes nothing.
   */
  mergeAccountRoles(inventory: AccountIamInventory): Promise<void>;
  /**
   * Stores what a targeted re-read found, in one transaction (one generation):
   * the cluster's associations within the scope, one service account, and
   * roles merged into their accounts (failed reads skipped). Nothing else
   * changes.
   */
  saveChange(change: TargetedRead): Promise<void>;
  /** Drops accounts no cluster uses any more (after a full scan). */
  removeAccountsExcept(accountIds: string[]): Promise<void>;
  replaceEntityMappings(mappings: EntityServiceAccountMapping[]): Promise<void>;
  markFullScan(at: string): Promise<void>;
  /**
   * Replaces the last-accessed reports of the roles read; reports of roles
   * not in `keepArns` (no longer workload roles) are dropped.
   */
  saveLastAccessed(
    records: RoleLastAccessedRecord[],
    keepArns: string[],
  ): Promise<void>;

  addRefreshRequest(request: RefreshRequest): Promise<void>;
  /** The pending refresh requests, oldest first. They stay until completed. */
  pendingRefreshRequests(): Promise<RefreshRequest[]>;
  /** Deletes requests a scan has served; only after it succeeded, so a failed scan loses none. */
  completeRefreshRequests(ids: number[]): Promise<void>;
}
