import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  AccessChangesResponse,
  eksPodIdentityInventoryReadPermission,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { isAllowed, requirePermission } from '../authorize';
import { decodeCursor, encodeCursor } from '../cursor';
import type { RouterOptions } from '../types';
import { parseInput } from '../validation';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './associations';

function isEntityRef(value: string): boolean {
  try {
    parseEntityRef(value);
    return true;
  } catch {
    return false;
  }
}

const querySchema = z
  .object({
    entityRef: z
      .string()
      .min(1)
      .refine(
        isEntityRef,
        'must be an entity ref such as component:default/payments-api',
      )
      .optional(),
    cluster: z.string().min(1).optional(),
    since: z
      .string()
      .refine(
        v => !Number.isNaN(Date.parse(v)),
        'must be an ISO 8601 date or time such as 2026-12-01 or 2026-12-01T09:00:00Z',
      )
      .transform(v => new Date(v).toISOString())
      .optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_PAGE_SIZE)
      .default(DEFAULT_PAGE_SIZE),
    cursor: z.string().min(1).optional(),
  })
  .strict();

/**
 * `GET /v1/changes`, newest first. With `entityRef`, a caller who may see the
 * entity in the catalog reads its history (as on the entity's access route);
 * everything else needs the inventory read permission.
 */
export function getChanges(options: RouterOptions): RequestHandler {
  return async (req, res) => {
    const query = parseInput(querySchema, req.query, 'query parameter');
    const credentials = await options.httpAuth.credentials(req);
    let entityRef: string | undefined;
    if (query.entityRef) {
      entityRef = stringifyEntityRef(parseEntityRef(query.entityRef));
      const reader = await isAllowed(
        credentials,
        options,
        eksPodIdentityInventoryReadPermission,
      );
      if (
        !reader &&
        !(await options.catalog.getEntityByRef(entityRef, { credentials }))
      ) {
        throw new NotFoundError(`Entity ${entityRef} is not in the catalog`);
      }
    } else {
      await requirePermission(
        req,
        options,
        eksPodIdentityInventoryReadPermission,
      );
    }
    const beforeId = query.cursor
      ? Number(decodeCursor(query.cursor)[0])
      : undefined;
    const page = await options.history.store.listChanges({
      entityRef,
      cluster: query.cluster,
      since: query.since,
      limit: query.limit,
      beforeId: Number.isFinite(beforeId) ? beforeId : undefined,
    });
    const last = page.items[page.items.length - 1];
    const body: AccessChangesResponse = {
      items: page.items,
      totalCount: page.totalCount,
      ...(page.hasMore && last ? { nextCursor: encodeCursor([last.id]) } : {}),
    };
    res.json(body);
  };
}
