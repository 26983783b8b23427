/** A finding the owner of an entity has been told about, or that was part of its cluster's baseline. */
export interface NotifiedFinding {
  key: string;
  entityRef: string;
  cluster: string;
  code: string;
  severity: string;
  notifiedAt: string;
  /** True when it was recorded as its cluster's baseline, without a notification. */
  baseline?: boolean;
}

export interface NotifiedFindingStore {
  list(): Promise<NotifiedFinding[]>;
  add(findings: NotifiedFinding[]): Promise<void>;
  remove(keys: string[]): Promise<void>;
  /** Clusters whose findings have a baseline. */
  listWatchedClusters(): Promise<Set<string>>;
  watchClusters(clusters: string[], since: string): Promise<void>;
  unwatchClusters(clusters: string[]): Promise<void>;
}
