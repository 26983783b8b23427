import {
  ClusterStatus,
  eksPodIdentityInventoryReadPermission,
  PageQuery,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { requirePermission } from '../authorize';
import { sendSnapshotJson } from '../cachedJson';
import { pageOf, sortedBy } from '../paging';
import type { RouterOptions, SpecHandler } from '../types';

const sortKey = (c: ClusterStatus) => [c.name];

/** `GET /v1/clusters`, by name. */
export function getClusters(
  options: RouterOptions,
): SpecHandler<'/v1/clusters', 'get'> {
  return async (req, res) => {
    await requirePermission(
      req,
      options,
      eksPodIdentityInventoryReadPermission,
    );
    const query = req.query as PageQuery;
    const view = await options.readModel.current();
    sendSnapshotJson(req, res, view, `clusters ${JSON.stringify(query)}`, () =>
      pageOf(sortedBy(view.clusterStatuses(), sortKey), sortKey, query),
    );
  };
}
