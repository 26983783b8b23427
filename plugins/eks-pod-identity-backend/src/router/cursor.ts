import { InputError } from '@backstage/errors';

/**
 * Opaque paging cursor: the sort key of the last item served. A key (not an
 * offset) keeps pages from skipping or repeating items when a scan lands
 * between two page requests.
 */
export function encodeCursor(key: string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.every(k => typeof k === 'string')) return key;
  } catch {
    // Reported below.
  }
  throw new InputError(
    "Invalid request: query parameter 'cursor' is not a cursor this API returned; pass nextCursor from the previous page unchanged",
  );
}

/** Compares sort keys element by element. */
export function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const c = (a[i] ?? '').localeCompare(b[i] ?? '');
    if (c !== 0) return c;
  }
  return 0;
}
