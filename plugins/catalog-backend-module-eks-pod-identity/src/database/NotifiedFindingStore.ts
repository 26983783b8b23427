/** A finding the owner of an entity has been told about. */
export interface NotifiedFinding {
  key: string;
  entityRef: string;
  cluster: string;
  code: string;
  severity: string;
  notifiedAt: string;
}

export interface NotifiedFindingStore {
  list(): Promise<NotifiedFinding[]>;
  add(findings: NotifiedFinding[]): Promise<void>;
  remove(keys: string[]): Promise<void>;
}
