import {
  Association,
  AssociationsResponse,
  eksPodIdentityInventoryReadPermission,
  FINDING_CATALOGUE,
  FindingCode,
  SEVERITY_ORDER,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { requirePermission } from '../authorize';
import { sendSnapshotJson } from '../cachedJson';
import { compareKeys, decodeCursor, encodeCursor } from '../cursor';
import type { RouterOptions } from '../types';
import { parseInput } from '../validation';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

const FINDING_CODES = Object.keys(FINDING_CATALOGUE) as [
  FindingCode,
  ...FindingCode[],
];

const querySchema = z
  .object({
    cluster: z.string().min(1).optional(),
    namespace: z.string().min(1).optional(),
    serviceAccount: z.string().min(1).optional(),
    roleArn: z.string().min(1).optional(),
    finding: z.enum(FINDING_CODES).optional(),
    severity: z.enum(SEVERITY_ORDER as [string, ...string[]]).optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_PAGE_SIZE)
      .default(DEFAULT_PAGE_SIZE),
    cursor: z.string().min(1).optional(),
  })
  .strict();

type Query = z.infer<typeof querySchema>;

const sortKey = (a: Association) => [
  a.cluster,
  a.namespace,
  a.serviceAccount,
  a.id,
];

function matches(q: Query): (a: Association) => boolean {
  return a =>
    (!q.namespace || a.namespace === q.namespace) &&
    (!q.serviceAccount || a.serviceAccount === q.serviceAccount) &&
    (!q.roleArn || a.roleArn === q.roleArn || a.targetRoleArn === q.roleArn) &&
    (!q.finding || a.findings.some(f => f.code === q.finding)) &&
    (!q.severity || a.findings.some(f => f.severity === q.severity));
}

/** Index of the first item after the cursor's key (items are sorted by it). */
function startAfter(items: Association[], key: string[]): number {
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
 * `GET /v1/associations`. `roleArn` matches the association's role or its
 * target role; `finding`/`severity` match any finding the association carries.
 */
export function getAssociations(options: RouterOptions): RequestHandler {
  return async (req, res) => {
    await requirePermission(
      req,
      options,
      eksPodIdentityInventoryReadPermission,
    );
    const query = parseInput(querySchema, req.query, 'query parameter');
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const view = await options.readModel.current();
    sendSnapshotJson(
      req,
      res,
      view,
      `associations ${JSON.stringify(query)}`,
      () => {
        const filtered = view
          .associationsOf(query.cluster)
          .filter(matches(query));
        const start = cursor ? startAfter(filtered, cursor) : 0;
        const items = filtered.slice(start, start + query.limit);
        const hasMore = start + items.length < filtered.length;
        const body: AssociationsResponse = {
          items,
          totalCount: filtered.length,
          ...(hasMore
            ? { nextCursor: encodeCursor(sortKey(items[items.length - 1])) }
            : {}),
        };
        return body;
      },
    );
  };
}
