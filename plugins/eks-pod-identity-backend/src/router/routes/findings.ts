import {
  eksPodIdentityInventoryReadPermission,
  Finding,
  FindingsQuery,
  FindingsResponse,
  SEVERITY_ORDER,
  severityRank,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { SnapshotView } from '../../snapshot/SnapshotView';
import { requirePermission } from '../authorize';
import { sendSnapshotJson } from '../cachedJson';
import { pageOf, sortedBy } from '../paging';
import type { RouterOptions, SpecHandler } from '../types';

/** Worst first; the rest of the key tells findings apart, so pages never overlap. */
const sortKey = (f: Finding) => [
  String(severityRank(f.severity)),
  f.code,
  f.subject.type,
  f.subject.id,
  f.cluster ?? '',
  f.detail,
];

const clustersOfRoles = new WeakMap<SnapshotView, Map<string, Set<string>>>();

/** The clusters whose associations use each role (as role or target role). */
function roleClusters(view: SnapshotView): Map<string, Set<string>> {
  let byRole = clustersOfRoles.get(view);
  if (!byRole) {
    byRole = new Map();
    for (const a of view.associationsOf()) {
      for (const arn of [a.roleArn, a.targetRoleArn]) {
        if (!arn) continue;
        byRole.set(arn, (byRole.get(arn) ?? new Set()).add(a.cluster));
      }
    }
    clustersOfRoles.set(view, byRole);
  }
  return byRole;
}

/** A role finding belongs to every cluster where the role is in use. */
function inCluster(
  view: SnapshotView,
  cluster: string,
): (f: Finding) => boolean {
  const byRole = roleClusters(view);
  return f =>
    f.cluster === cluster ||
    (f.subject.type === 'role' &&
      Boolean(byRole.get(f.subject.id)?.has(cluster)));
}

function summarize(items: Finding[]): FindingsResponse['summary'] {
  const bySeverity = Object.fromEntries(
    SEVERITY_ORDER.map(s => [s, 0]),
  ) as FindingsResponse['summary']['bySeverity'];
  const byCode: FindingsResponse['summary']['byCode'] = {};
  for (const f of items) {
    bySeverity[f.severity]++;
    byCode[f.code] = (byCode[f.code] ?? 0) + 1;
  }
  return { bySeverity, byCode };
}

/**
 * `GET /v1/findings?severity&code&cluster&limit&cursor`: the findings of the
 * last analysis, worst first; each filter narrows the items and the summary,
 * which counts every match, not only the page.
 */
export function getFindings(
  options: RouterOptions,
): SpecHandler<'/v1/findings', 'get'> {
  return async (req, res) => {
    await requirePermission(
      req,
      options,
      eksPodIdentityInventoryReadPermission,
    );
    const query = req.query as FindingsQuery;
    const view = await options.readModel.current();
    sendSnapshotJson(
      req,
      res,
      view,
      `findings ${JSON.stringify(query)}`,
      (): FindingsResponse => {
        const sameCluster = query.cluster
          ? inCluster(view, query.cluster)
          : () => true;
        const matching = view.findings.all.filter(
          f =>
            (!query.severity || f.severity === query.severity) &&
            (!query.code || f.code === query.code) &&
            sameCluster(f),
        );
        return {
          ...pageOf(sortedBy(matching, sortKey), sortKey, query),
          summary: summarize(matching),
        };
      },
    );
  };
}
