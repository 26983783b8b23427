import {
  Association,
  AssociationsQuery,
  eksPodIdentityInventoryReadPermission,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { SnapshotView } from '../../snapshot/SnapshotView';
import { requirePermission } from '../authorize';
import { sendSnapshotJson } from '../cachedJson';
import { pageOf } from '../paging';
import type { RouterOptions, SpecHandler } from '../types';

const OWNER_DEFAULTS = { defaultKind: 'group', defaultNamespace: 'default' };

/** Parsed here: an entity ref's grammar is more than the spec can say. */
function ownerRefOf(owner: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(owner, OWNER_DEFAULTS));
  } catch {
    throw new InputError(
      `Invalid request: query parameter 'owner': must be an entity ref such as group:default/team-orders; got '${owner}'`,
    );
  }
}

const sortKey = (a: Association) => [
  a.cluster,
  a.namespace,
  a.serviceAccount,
  a.id,
];

function matches(
  q: AssociationsQuery,
  view: SnapshotView,
): (a: Association) => boolean {
  const owner = q.owner && ownerRefOf(q.owner);
  return a =>
    (!owner || view.isClaimedBy(a, owner)) &&
    (!q.namespace || a.namespace === q.namespace) &&
    (!q.serviceAccount || a.serviceAccount === q.serviceAccount) &&
    (!q.roleArn || a.roleArn === q.roleArn || a.targetRoleArn === q.roleArn) &&
    (!q.finding || a.findings.some(f => f.code === q.finding)) &&
    (!q.severity || a.findings.some(f => f.severity === q.severity));
}

/**
 * `GET /v1/associations`. `roleArn` matches the association's role or its
 * target role; `finding`/`severity` match any finding the association carries;
 * `owner` matches an entity mapped to the service account, or that entity's
 * `spec.owner` (a bare name is taken as a group in the default namespace).
 */
export function getAssociations(
  options: RouterOptions,
): SpecHandler<'/v1/associations', 'get'> {
  return async (req, res) => {
    await requirePermission(
      req,
      options,
      eksPodIdentityInventoryReadPermission,
    );
    const query = req.query as AssociationsQuery;
    const view = await options.readModel.current();
    const filter = matches(query, view);
    sendSnapshotJson(
      req,
      res,
      view,
      `associations ${JSON.stringify(query)}`,
      () =>
        pageOf(
          view.associationsOf(query.cluster).filter(filter),
          sortKey,
          query,
        ),
    );
  };
}
