import {
  Association,
  AssociationsResponse,
  eksPodIdentityInventoryReadPermission,
  FINDING_CATALOGUE,
  FindingCode,
  SEVERITY_ORDER,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { SnapshotView } from '../../snapshot/SnapshotView';
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
    owner: z
      .string()
      .min(1)
      .refine(
        isEntityRef,
        'must be an entity ref such as group:default/team-orders',
      )
      .optional(),
    cursor: z.string().min(1).optional(),
  })
  .strict();

type Query = z.infer<typeof querySchema>;

const OWNER_DEFAULTS = { defaultKind: 'group', defaultNamespace: 'default' };

function isEntityRef(value: string): boolean {
  try {
    parseEntityRef(value, OWNER_DEFAULTS);
    return true;
  } catch {
    return false;
  }
}

const sortKey = (a: Association) => [
  a.cluster,
  a.namespace,
  a.serviceAccount,
  a.id,
];

function matches(q: Query, view: SnapshotView): (a: Association) => boolean {
  const owner =
    q.owner && stringifyEntityRef(parseEntityRef(q.owner, OWNER_DEFAULTS));
  return a =>
    (!owner || view.isClaimedBy(a, owner)) &&
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
 * target role; `finding`/`severity` match any finding the association carries;
 * `owner` matches an entity mapped to the service account, or that entity's
 * `spec.owner` (a bare name is taken as a group in the default namespace).
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
          .filter(matches(query, view));
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
