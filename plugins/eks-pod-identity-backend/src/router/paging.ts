import type {
  ListResponse,
  PageQuery,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { compareKeys, decodeCursor, encodeCursor } from './cursor';

/** The spec's default for `limit` (its maximum, 500, is checked by the validator). */
export const DEFAULT_PAGE_SIZE = 50;

/** Index of the first item after `key` in items sorted by `sortKey`. */
function startAfter<T>(
  items: T[],
  sortKey: (item: T) => string[],
  key: string[],
): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys(sortKey(items[mid]), key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One page of `items`, which must be sorted by `sortKey` (a key that tells
 * every item apart). Every list route pages through this, so `limit`,
 * `cursor`, `totalCount` and `nextCursor` mean the same everywhere.
 */
export function pageOf<T>(
  items: T[],
  sortKey: (item: T) => string[],
  query: PageQuery,
): ListResponse<T> {
  const limit = Number(query.limit ?? DEFAULT_PAGE_SIZE);
  const start = query.cursor
    ? startAfter(items, sortKey, decodeCursor(query.cursor))
    : 0;
  const page = items.slice(start, start + limit);
  const hasMore = start + page.length < items.length;
  return {
    items: page,
    totalCount: items.length,
    ...(hasMore
      ? { nextCursor: encodeCursor(sortKey(page[page.length - 1])) }
      : {}),
  };
}

/** Sorts a copy of `items` by `sortKey`, for routes whose source order is another. */
export function sortedBy<T>(items: T[], sortKey: (item: T) => string[]): T[] {
  return items
    .map(item => ({ item, key: sortKey(item) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map(({ item }) => item);
}
