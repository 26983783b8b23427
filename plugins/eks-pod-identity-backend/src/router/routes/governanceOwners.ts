import {
  eksPodIdentityInventoryReadPermission,
  OwnerReport,
  PageQuery,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { buildOwnerReports } from '../../governance/ownerReports';
import { requirePermission } from '../authorize';
import { sendSnapshotJson } from '../cachedJson';
import { pageOf } from '../paging';
import type { RouterOptions, SpecHandler } from '../types';

// The reports' own order: owners alphabetically, the unowned (null) last.
const sortKey = (r: OwnerReport) =>
  r.owner === null ? ['1', ''] : ['0', r.owner];

/** `GET /v1/governance/owners` */
export function getGovernanceOwners(
  options: RouterOptions,
): SpecHandler<'/v1/governance/owners', 'get'> {
  return async (req, res) => {
    await requirePermission(
      req,
      options,
      eksPodIdentityInventoryReadPermission,
    );
    const query = req.query as PageQuery;
    const view = await options.readModel.current();
    sendSnapshotJson(req, res, view, `owners ${JSON.stringify(query)}`, () =>
      pageOf(buildOwnerReports(view), sortKey, query),
    );
  };
}
