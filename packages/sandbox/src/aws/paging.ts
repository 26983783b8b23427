/**
 * Key-based paging shared by EKS (nextToken) and IAM (Marker): the opaque
 * token holds the key of the last item returned, so a page stays correct
 * when items before it are deleted between calls.
 */

export function encodePageToken(lastKey: string): string {
  return Buffer.from(JSON.stringify({ after: lastKey })).toString('base64url');
}

/** The key the token continues after, or undefined when the token is not one of ours. */
export function decodePageToken(token: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return typeof parsed?.after === 'string' ? parsed.after : undefined;
  } catch {
    return undefined;
  }
}

export type Page<T> = { items: T[]; nextToken?: string };

/** `items` must be sorted by `keyOf`. */
export function pageAfter<T>(
  items: T[],
  keyOf: (item: T) => string,
  after: string | undefined,
  limit: number,
): Page<T> {
  const start =
    after === undefined ? 0 : items.findIndex(item => keyOf(item) > after);
  const rest = start < 0 ? [] : items.slice(start);
  const pageItems = rest.slice(0, limit);
  return {
    items: pageItems,
    nextToken:
      rest.length > limit
        ? encodePageToken(keyOf(pageItems[pageItems.length - 1]))
        : undefined,
  };
}

export function byKey<T>(keyOf: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    if (ka < kb) return -1;
    return ka > kb ? 1 : 0;
  };
}
