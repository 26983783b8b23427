import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';
import type { SnapshotView } from '../snapshot/SnapshotView';

interface CachedBody {
  body: Buffer;
  /** Made on the first request that accepts gzip. */
  gzip?: Buffer;
  etag: string;
}

interface BodyCache {
  entries: Map<string, CachedBody>;
  bytes: number;
}

// Below this, compressing saves less than it costs.
const MIN_GZIP_BYTES = 1024;

// Bodies with findings and access summaries run to hundreds of kilobytes; the
// bound keeps the cache of one snapshot generation well under the snapshot itself.
const MAX_BYTES = 64 * 1024 * 1024;

const caches = new WeakMap<SnapshotView, BodyCache>();

/**
 * Sends a JSON body that depends only on the snapshot and `key`, serialising
 * (and gzipping, for clients that accept it) once per snapshot generation:
 * repeated reads then cost neither JSON.stringify nor compression, and the
 * ETag lets clients revalidate with 304. The backend's compression middleware
 * leaves a body that already has a Content-Encoding alone. A new generation
 * is a new view, so its cache starts empty.
 */
export function sendSnapshotJson(
  req: Request<any, any, any, any>,
  res: Response<any>,
  view: SnapshotView,
  key: string,
  build: () => unknown,
): void {
  let cache = caches.get(view);
  if (!cache) {
    cache = { entries: new Map(), bytes: 0 };
    caches.set(view, cache);
  }
  let entry = cache.entries.get(key);
  if (!entry) {
    const body = Buffer.from(JSON.stringify(build()), 'utf8');
    const digest = createHash('sha1')
      .update(key)
      .digest('base64url')
      .slice(0, 20);
    // Weak: the identity and gzip representations share it.
    entry = { body, etag: `W/"${view.generation}-${digest}"` };
    // Oldest first: a Map iterates in insertion order.
    for (const [oldKey, old] of cache.entries) {
      if (cache.bytes + body.length <= MAX_BYTES) break;
      cache.entries.delete(oldKey);
      cache.bytes -= old.body.length + (old.gzip?.length ?? 0);
    }
    cache.entries.set(key, entry);
    cache.bytes += body.length;
  }
  res.vary('Accept-Encoding');
  // With ETag set, Express answers 304 itself when the client's copy is fresh.
  res.set('ETag', entry.etag).type('application/json');
  if (
    entry.body.length >= MIN_GZIP_BYTES &&
    req.acceptsEncodings('gzip', 'identity') === 'gzip'
  ) {
    if (!entry.gzip) {
      entry.gzip = gzipSync(entry.body);
      cache.bytes += entry.gzip.length;
    }
    res.set('Content-Encoding', 'gzip').send(entry.gzip);
    return;
  }
  res.send(entry.body);
}
