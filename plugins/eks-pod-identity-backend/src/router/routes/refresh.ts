import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  eksPodIdentityRefreshPermission,
  RefreshRequest,
  RefreshResponse,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { requirePermission } from '../authorize';
import type { RouterOptions, SpecHandler } from '../types';

/**
 * `POST /v1/refresh {cluster?}`: queues the request and triggers the scan
 * task, which runs on whichever replica holds the task's lock. 202: the scan
 * happens after the response.
 */
export function postRefresh(
  options: RouterOptions,
): SpecHandler<'/v1/refresh', 'post'> {
  return async (req, res) => {
    await requirePermission(req, options, eksPodIdentityRefreshPermission);
    const body: RefreshRequest = req.body ?? {};
    // Here, not in the spec: the spec validator's message would not name the field.
    const unknown = Object.keys(body).filter(key => key !== 'cluster');
    if (unknown.length > 0) {
      throw new InputError(
        `Invalid request: unknown body field ${unknown
          .map(key => `'${key}'`)
          .join(', ')}; the body is {cluster?}`,
      );
    }
    const { cluster } = body;
    if (cluster) {
      const view = await options.readModel.current();
      if (!view.clusterStatus(cluster)) {
        throw new NotFoundError(
          `Cluster '${cluster}' is not in the inventory; configure it under eksPodIdentity.clusters or eksPodIdentity.discovery`,
        );
      }
    }
    await options.store.addRefreshRequest(cluster ? { cluster } : {});
    try {
      await options.scheduler.triggerTask(options.scanTaskId);
    } catch (error) {
      // A scan in progress picks the queued request up when it ends.
      if (!(error instanceof Error && error.name === ConflictError.name))
        throw error;
    }
    const accepted: RefreshResponse = {
      accepted: true,
      ...(cluster ? { cluster } : {}),
    };
    res.status(202).json(accepted);
  };
}
