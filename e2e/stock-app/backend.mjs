/*
 * What the stock app's backend has ingested, asked through its REST APIs as
 * the guest. The browser checks wait here for the catalog and the first scan
 * instead of reloading a page until it shows them: under load a reload of the
 * dev bundle can take longer than any per-attempt wait, so a reload loop can
 * fail with the data long in place.
 */
import { backendUrl } from '../lib/portal.mjs';
import { guestToken } from '../lib/templates.mjs';

/**
 * How long ingestion may take: twice what this app took to start (measured
 * by scripts/stock-app.mjs), so a slower machine gets longer, and at least
 * two minutes.
 */
export const readyWithinMs =
  Math.max(120, 2 * Number(process.env.STOCK_APP_STARTUP_SECONDS ?? 0)) * 1000;

async function get(path, token) {
  const res = await fetch(`${backendUrl}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return res.ok ? res.json() : undefined;
}

/**
 * Polls `path` until `isReady(body)`; otherwise fails after readyWithinMs,
 * naming `what` and adding `explain(token)`'s account of why.
 */
export async function untilBackendHas(what, path, isReady, explain) {
  const token = await guestToken();
  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    const body = await get(path, token);
    if (body !== undefined && isReady(body)) return body;
    if (Date.now() > deadline) {
      const why = explain ? ` ${await explain(token)}` : '';
      throw new Error(
        `${what}: not in the backend after ${
          readyWithinMs / 1000
        } s (GET ${path}).${why}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
}

/** An entity of the catalog, by kind and name in the default namespace. */
export function untilCatalogHas(kind, name, explain) {
  return untilBackendHas(
    `${kind}:default/${name}`,
    `/api/catalog/entities/by-name/${kind}/default/${name}`,
    () => true,
    explain,
  );
}

/** The processing errors the catalog recorded on the locations whose target contains `part`. */
export async function locationErrors(token, part) {
  const body = await get(
    '/api/catalog/entities/by-query?filter=kind=location&fields=spec,status',
    token,
  );
  const locations = (body?.items ?? []).filter(l =>
    [l.spec?.target, ...(l.spec?.targets ?? [])].some(t => t?.includes(part)),
  );
  if (locations.length === 0) {
    return `The catalog has no location whose target contains ${part}.`;
  }
  const errors = locations.flatMap(l =>
    (l.status?.items ?? []).map(item => item.error?.message ?? item.message),
  );
  return errors.length
    ? `Its location's processing errors: ${errors.join('; ')}`
    : `Its location (${locations
        .map(l => l.spec.target)
        .join(
          ', ',
        )}) has no processing errors yet: the catalog has not reached it.`;
}
