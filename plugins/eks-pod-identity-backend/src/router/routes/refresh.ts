import { ConflictError, NotFoundError } from '@backstage/errors';
import { eksPodIdentityRefreshPermission } from '@pod-identity/plugin-eks-pod-identity-common';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { requirePermission } from '../authorize';
import type { RouterOptions } from '../types';
import { parseInput } from '../validation';

const bodySchema = z.object({ cluster: z.string().min(1).optional() }).strict();

/**
 * `POST /v1/refresh {cluster?}`: queues the request and triggers the scan
 * task, which runs on whichever replica holds the task's lock. 202: the scan
 * happens after the response.
 */
export function postRefresh(options: RouterOptions): RequestHandler {
  return async (req, res) => {
    await requirePermission(req, options, eksPodIdentityRefreshPermission);
    const { cluster } = parseInput(bodySchema, req.body, 'body field');
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
    res.status(202).json({ accepted: true, ...(cluster ? { cluster } : {}) });
  };
}
