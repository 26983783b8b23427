import type { ClustersResponse } from '@pod-identity/plugin-eks-pod-identity-common';
import { eksPodIdentityInventoryReadPermission } from '@pod-identity/plugin-eks-pod-identity-common';
import type { RequestHandler } from 'express';
import { requirePermission } from '../authorize';
import { sendSnapshotJson } from '../cachedJson';
import type { RouterOptions } from '../types';

/** `GET /v1/clusters` */
export function getClusters(options: RouterOptions): RequestHandler {
  return async (req, res) => {
    await requirePermission(
      req,
      options,
      eksPodIdentityInventoryReadPermission,
    );
    const view = await options.readModel.current();
    sendSnapshotJson(
      req,
      res,
      view,
      'clusters',
      (): ClustersResponse => ({
        items: view.clusterStatuses(),
      }),
    );
  };
}
