/**
 * `limit` / `continue` paging of list calls. The continue token carries the
 * key of the last item served, so a page resumes after it even when objects
 * were added or removed in between (unlike the real API server, pages are not
 * served from one snapshot).
 */
import { badRequest } from './status';

export type Page<T> = {
  items: T[];
  continueToken?: string;
  remainingItemCount?: number;
};

export function parseLimit(raw: string | null): number {
  if (raw === null || raw === '') return 0;
  if (!/^\d+$/.test(raw)) {
    throw badRequest(
      `limit: Invalid value: "${raw}": must be a non-negative integer`,
    );
  }
  return Number(raw);
}

function decodeContinue(token: string): string {
  try {
    const decoded = JSON.parse(
      Buffer.from(token, 'base64url').toString('utf8'),
    );
    if (typeof decoded?.start === 'string') return decoded.start;
  } catch {
    // answered below
  }
  throw badRequest(
    'continue key is not valid: it must be the metadata.continue of a previous list response',
  );
}

/** `keyed` must be sorted by key. `limit` 0 = everything. */
export function paginate<T>(
  keyed: Array<{ key: string; item: T }>,
  limit: number,
  continueToken: string | null,
  resourceVersion: string,
): Page<T> {
  const start = continueToken ? decodeContinue(continueToken) : undefined;
  const rest = start === undefined ? keyed : keyed.filter(k => k.key > start);
  if (limit === 0 || rest.length <= limit) {
    return { items: rest.map(k => k.item) };
  }
  const page = rest.slice(0, limit);
  const last = page[page.length - 1].key;
  return {
    items: page.map(k => k.item),
    continueToken: Buffer.from(
      JSON.stringify({ rv: resourceVersion, start: last }),
    ).toString('base64url'),
    remainingItemCount: rest.length - limit,
  };
}
