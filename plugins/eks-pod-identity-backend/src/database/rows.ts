/*
 * Table rows and their conversions. Records travel as JSON text so SQLite and
 * PostgreSQL store them alike; filter columns are copied out beside them.
 */
import type {
  AccountIamInventory,
  AssociationRecord,
  ClusterInventory,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type {
  AccountSnapshot,
  ClusterSnapshot,
  EntityServiceAccountMapping,
} from '../snapshot/types';

export interface ClusterRow {
  name: string;
  account_id: string;
  region: string;
  title: string | null;
  status: string;
  error: string | null;
  stale: boolean | number;
  last_attempt_at: string | null;
  last_good_scan_at: string | null;
  scanned_at: string | null;
  association_count: number;
  info_json: string | null;
  agent_json: string | null;
  namespaces_json: string | null;
  kubernetes_error: string | null;
}

export interface AssociationRow {
  cluster: string;
  id: string;
  namespace: string;
  service_account: string;
  role_arn: string;
  target_role_arn: string | null;
  record_json: string;
}

export type KubernetesKind = 'serviceAccount' | 'workload' | 'pod' | 'node';

export interface KubernetesObjectRow {
  cluster: string;
  kind: KubernetesKind;
  namespace: string;
  name: string;
  record_json: string;
}

export interface AccountRow {
  account_id: string;
  complete: boolean | number;
  mode: string;
  error: string | null;
  stale: boolean | number;
  scanned_at: string;
  last_good_scan_at: string | null;
  not_found_role_arns_json: string;
  unreadable_policy_arns_json: string;
}

export interface EntityServiceAccountRow {
  entity_ref: string;
  owner_ref: string | null;
  source: string;
  cluster: string;
  namespace: string;
  service_account: string;
  corroborated: boolean | number;
  kubernetes_id: string | null;
}

function parse<T>(json: string | null | undefined, fallback: T): T {
  return json ? (JSON.parse(json) as T) : fallback;
}

export function associationRows(
  cluster: string,
  associations: AssociationRecord[],
): AssociationRow[] {
  const byId = new Map<string, AssociationRow>();
  for (const a of associations) {
    byId.set(a.associationId, {
      cluster,
      id: a.associationId,
      namespace: a.namespace,
      service_account: a.serviceAccount,
      role_arn: a.roleArn,
      target_role_arn: a.targetRoleArn ?? null,
      record_json: JSON.stringify(a),
    });
  }
  return [...byId.values()];
}

export function kubernetesObjectRows(
  inventory: ClusterInventory,
): KubernetesObjectRow[] {
  const cluster = inventory.cluster.name;
  // Keyed like the primary key, so a repeated object cannot abort the transaction.
  const rows = new Map<string, KubernetesObjectRow>();
  const add = (
    kind: KubernetesKind,
    namespace: string,
    name: string,
    record: unknown,
  ) =>
    rows.set(`${kind}\n${namespace}\n${name}`, {
      cluster,
      kind,
      namespace,
      name,
      record_json: JSON.stringify(record),
    });
  inventory.serviceAccounts.forEach(s =>
    add('serviceAccount', s.namespace, s.name, s),
  );
  inventory.workloads.forEach(w =>
    add('workload', w.namespace, `${w.kind}/${w.name}`, w),
  );
  inventory.pods.forEach(p => add('pod', p.namespace, p.name, p));
  inventory.nodes.forEach(n => add('node', '', n.name, n));
  return [...rows.values()];
}

export function accountRow(
  inventory: AccountIamInventory,
  lastGoodScanAt: string | null,
  stale: boolean,
): AccountRow {
  return {
    account_id: inventory.accountId,
    complete: inventory.complete,
    mode: inventory.mode,
    error: inventory.error ?? null,
    stale,
    scanned_at: inventory.scannedAt,
    last_good_scan_at: lastGoodScanAt,
    not_found_role_arns_json: JSON.stringify(inventory.notFoundRoleArns),
    unreadable_policy_arns_json: JSON.stringify(inventory.unreadablePolicyArns),
  };
}

export function toClusterSnapshot(
  row: ClusterRow,
  associations: AssociationRow[],
  objects: KubernetesObjectRow[],
): ClusterSnapshot {
  const records = (kind: KubernetesKind) =>
    objects.filter(o => o.kind === kind).map(o => JSON.parse(o.record_json));
  return {
    name: row.name,
    accountId: row.account_id,
    region: row.region,
    title: row.title ?? undefined,
    status: row.status as ClusterSnapshot['status'],
    error: row.error ?? undefined,
    stale: Boolean(row.stale),
    lastAttemptAt: row.last_attempt_at ?? undefined,
    lastGoodScanAt: row.last_good_scan_at ?? undefined,
    scannedAt: row.scanned_at ?? undefined,
    info: parse(row.info_json, undefined),
    agent: parse(row.agent_json, undefined),
    kubernetesError: row.kubernetes_error ?? undefined,
    namespaces: parse(row.namespaces_json, []),
    associations: associations.map(a => JSON.parse(a.record_json)),
    serviceAccounts: records('serviceAccount'),
    workloads: records('workload'),
    pods: records('pod'),
    nodes: records('node'),
  };
}

export function toAccountSnapshot(
  row: AccountRow,
  roles: Array<{ record_json: string }>,
  policies: Array<{ record_json: string }>,
): AccountSnapshot {
  return {
    accountId: row.account_id,
    complete: Boolean(row.complete),
    mode: row.mode as AccountSnapshot['mode'],
    error: row.error ?? undefined,
    stale: Boolean(row.stale),
    scannedAt: row.scanned_at,
    lastGoodScanAt: row.last_good_scan_at ?? undefined,
    roles: roles.map(r => JSON.parse(r.record_json)),
    policies: policies.map(p => JSON.parse(p.record_json)),
    notFoundRoleArns: parse(row.not_found_role_arns_json, []),
    unreadablePolicyArns: parse(row.unreadable_policy_arns_json, []),
  };
}

export function entityServiceAccountRow(
  m: EntityServiceAccountMapping,
): EntityServiceAccountRow {
  return {
    entity_ref: m.entityRef,
    owner_ref: m.ownerRef ?? null,
    source: m.source,
    cluster: m.cluster,
    namespace: m.namespace,
    service_account: m.serviceAccount,
    corroborated: m.corroborated,
    kubernetes_id: m.kubernetesId ?? null,
  };
}

export function toEntityServiceAccountMapping(
  row: EntityServiceAccountRow,
): EntityServiceAccountMapping {
  return {
    entityRef: row.entity_ref,
    ownerRef: row.owner_ref ?? undefined,
    source: row.source as EntityServiceAccountMapping['source'],
    cluster: row.cluster,
    namespace: row.namespace,
    serviceAccount: row.service_account,
    corroborated: Boolean(row.corroborated),
    ...(row.kubernetes_id ? { kubernetesId: row.kubernetes_id } : {}),
  };
}

/** Groups rows by a key, keeping their order. */
export function groupBy<T>(
  rows: T[],
  key: (row: T) => string,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
