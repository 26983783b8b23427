import {
  eksPodIdentityInventoryReadPermission,
  Finding,
  FINDING_CODES,
  FindingsResponse,
  SEVERITY_ORDER,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { SnapshotView } from '../../snapshot/SnapshotView';
import { requirePermission } from '../authorize';
import type { RouterOptions } from '../types';
import { parseInput } from '../validation';

const querySchema = z
  .object({
    severity: z.enum(SEVERITY_ORDER as [string, ...string[]]).optional(),
    code: z.enum(FINDING_CODES as [string, ...string[]]).optional(),
    cluster: z.string().min(1).optional(),
  })
  .strict();

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
 * `GET /v1/findings?severity&code&cluster`: every finding of the last
 * analysis, worst first; each filter narrows the items and the summary.
 */
export function getFindings(options: RouterOptions): RequestHandler {
  return async (req, res) => {
    await requirePermission(
      req,
      options,
      eksPodIdentityInventoryReadPermission,
    );
    const query = parseInput(querySchema, req.query, 'query parameter');
    const view = await options.readModel.current();
    const sameCluster = query.cluster
      ? inCluster(view, query.cluster)
      : () => true;
    const items = view.findings.all.filter(
      f =>
        (!query.severity || f.severity === query.severity) &&
        (!query.code || f.code === query.code) &&
        sameCluster(f),
    );
    const body: FindingsResponse = { items, summary: summarize(items) };
    res.json(body);
  };
}
