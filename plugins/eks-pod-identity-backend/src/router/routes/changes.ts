import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  AccessChangesQuery,
  AccessChangesResponse,
  eksPodIdentityInventoryReadPermission,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { isAllowed, requirePermission } from '../authorize';
import { decodeCursor, encodeCursor } from '../cursor';
import { DEFAULT_PAGE_SIZE } from '../paging';
import type { RouterOptions, SpecHandler } from '../types';

function entityRefOf(value: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(value));
  } catch {
    throw new InputError(
      `Invalid request: query parameter 'entityRef' must be an entity ref such as component:default/payments-api; got '${value}'`,
    );
  }
}

function sinceOf(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new InputError(
      `Invalid request: query parameter 'since' must be an ISO 8601 date or time such as 2026-12-01 or 2026-12-01T09:00:00Z; got '${value}'`,
    );
  }
  return new Date(time).toISOString();
}

/**
 * `GET /v1/changes`, newest first. With `entityRef`, a caller who may see the
 * entity in the catalog reads its history (as on the entity's access route);
 * everything else needs the inventory read permission.
 */
export function getChanges(
  options: RouterOptions,
): SpecHandler<'/v1/changes', 'get'> {
  return async (req, res) => {
    const query: AccessChangesQuery = req.query;
    const credentials = await options.httpAuth.credentials(req);
    let entityRef: string | undefined;
    if (query.entityRef) {
      entityRef = entityRefOf(query.entityRef);
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
      since: query.since ? sinceOf(query.since) : undefined,
      limit: Number(query.limit ?? DEFAULT_PAGE_SIZE),
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
