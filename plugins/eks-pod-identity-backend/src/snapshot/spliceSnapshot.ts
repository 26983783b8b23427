import type { SnapshotPart } from '../database/SnapshotStore';
import type {
  AccountSnapshot,
  ClusterSnapshot,
  InventorySnapshot,
} from './types';

/** Clusters and accounts a batch of targeted writes touched. */
export interface TouchedParts {
  clusters: string[];
  accountIds: string[];
}

/**
 * The fresh records, each replaced by the earlier one when equal: the analysis
 * recognises what it has seen by identity, so an unchanged record reread
 * with its cluster or account costs it nothing.
 */
function sameWhereEqual<T>(
  earlier: T[],
  fresh: T[],
  keyOf: (item: T) => string,
): T[] {
  const byKey = new Map(earlier.map(item => [keyOf(item), item]));
  return fresh.map(item => {
    const old = byKey.get(keyOf(item));
    return old && JSON.stringify(old) === JSON.stringify(item) ? old : item;
  });
}

const sameCluster = (
  old: ClusterSnapshot,
  fresh: ClusterSnapshot,
): ClusterSnapshot => ({
  ...fresh,
  associations: sameWhereEqual(
    old.associations,
    fresh.associations,
    a => a.associationId,
  ),
  serviceAccounts: sameWhereEqual(
    old.serviceAccounts,
    fresh.serviceAccounts,
    sa => `${sa.namespace}/${sa.name}`,
  ),
  ...(JSON.stringify(old.info) === JSON.stringify(fresh.info) && {
    info: old.info,
  }),
});

const sameAccount = (
  old: AccountSnapshot,
  fresh: AccountSnapshot,
): AccountSnapshot => ({
  ...fresh,
  roles: sameWhereEqual(old.roles, fresh.roles, r => r.arn),
  policies: sameWhereEqual(old.policies, fresh.policies, p => p.arn),
});

function replaceNamed<T>(
  whole: T[],
  keyOf: (item: T) => string,
  named: string[],
  fresh: T[],
  same: (old: T, fresh: T) => T,
): T[] | undefined {
  const freshByKey = new Map(fresh.map(item => [keyOf(item), item]));
  const known = new Set(whole.map(keyOf));
  // One added or removed changes where the others sit; a whole load orders them.
  if (named.some(key => known.has(key) !== freshByKey.has(key))) {
    return undefined;
  }
  return whole.map(item => {
    const read = freshByKey.get(keyOf(item));
    return read ? same(item, read) : item;
  });
}

/**
 * The snapshot with the touched clusters and accounts replaced by a newer read
 * of them, everything else shared with `base`. Undefined when the part adds or
 * removes a cluster or an account: then only a whole load gives the order.
 */
export function spliceSnapshot(
  base: InventorySnapshot,
  touched: TouchedParts,
  part: SnapshotPart,
): InventorySnapshot | undefined {
  const clusters = replaceNamed(
    base.clusters,
    c => c.name,
    touched.clusters,
    part.clusters,
    sameCluster,
  );
  const accounts = replaceNamed(
    base.accounts,
    a => a.accountId,
    touched.accountIds,
    part.accounts,
    sameAccount,
  );
  if (!clusters || !accounts) return undefined;
  return { ...base, generation: part.generation, clusters, accounts };
}
