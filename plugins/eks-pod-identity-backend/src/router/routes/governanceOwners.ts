import {
  eksPodIdentityInventoryReadPermission,
  OwnersResponse,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { RequestHandler } from 'express';
import { buildOwnerReports } from '../../governance/ownerReports';
import { requirePermission } from '../authorize';
import type { RouterOptions } from '../types';

/** `GET /v1/governance/owners` */
export function getGovernanceOwners(options: RouterOptions): RequestHandler {
  return async (req, res) => {
    await requirePermission(
      req,
      options,
      eksPodIdentityInventoryReadPermission,
    );
    const view = await options.readModel.current();
    const body: OwnersResponse = { items: buildOwnerReports(view) };
    res.json(body);
  };
}
