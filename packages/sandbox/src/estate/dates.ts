/**
 * Dates in a seed: absolute ISO timestamps, or durations before the
 * sandbox's start (`-3d`), so that an estate keeps the same age relations
 * (recently used roles, pods older than their association) whatever day it is
 * loaded on. The sandbox resolves them once, when it starts.
 *
 *   date     = iso-date | relative
 *   iso-date = YYYY-MM-DD [ "T" hh ":" mm [ ":" ss [ "." digits ] ] zone ]
 *   zone     = "Z" | ( "+" | "-" ) hh ":" mm
 *   relative = "-" term [ term ... ]    e.g. -3d  -2h  -400d  -1d12h  -90m  -0d
 *   term     = 1 to 6 digits, then a unit: d (24 hours), h, m or s;
 *              units in that order, each at most once
 */
import type { ClusterSeed, EstateSeed, KubernetesSeed } from '../types';
import { EstateError } from './errors';

const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const RELATIVE =
  /^-(?:(\d{1,6})d)?(?:(\d{1,6})h)?(?:(\d{1,6})m)?(?:(\d{1,6})s)?$/;
const UNIT_MS = [24 * 3600_000, 3600_000, 60_000, 1000];

/** What a seed date field accepts, for error messages. */
export const SEED_DATE_HINT =
  "must be an ISO date such as 2026-11-28T12:00:00Z, or a time before the sandbox's start such as -3d, -2h or -1d12h (units d, h, m, s in that order)";

/** Milliseconds before the start that a relative date stands for; undefined when `value` is not one. */
function relativeMs(value: string): number | undefined {
  const match = RELATIVE.exec(value);
  if (!match || value === '-') return undefined;
  return match
    .slice(1)
    .reduce((ms, n, i) => ms + (n ? Number(n) * UNIT_MS[i] : 0), 0);
}

/** Why `value` is not a seed date, or undefined when it is one. */
export function seedDateProblem(value: unknown): string | undefined {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? SEED_DATE_HINT : undefined;
  }
  if (typeof value !== 'string') return SEED_DATE_HINT;
  if (value.startsWith('-')) {
    return relativeMs(value) === undefined
      ? `'${value}' is not a relative date: ${SEED_DATE_HINT}`
      : undefined;
  }
  if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) {
    return `'${value}' ${SEED_DATE_HINT}`;
  }
  return undefined;
}

/** The ISO timestamp a seed date stands for when the sandbox starts at `now`. */
export function resolveSeedDate(value: string | Date, now: Date): string {
  if (value instanceof Date) return value.toISOString();
  const before = relativeMs(value);
  return new Date(
    before === undefined ? Date.parse(value) : now.getTime() - before,
  ).toISOString();
}

/** Copies `item`, each of `fields` resolved; `path` names the item in errors. */
type Resolver = <T extends object>(
  path: string,
  item: T,
  fields: Array<keyof T & string>,
) => T;

function resolveKubernetes(
  resolve: Resolver,
  path: string,
  kubernetes: KubernetesSeed,
): KubernetesSeed {
  return {
    ...kubernetes,
    ...(Array.isArray(kubernetes.workloads) && {
      workloads: kubernetes.workloads.map((w, i) =>
        resolve(`${path}.workloads[${i}]`, w, ['startedAt']),
      ),
    }),
    ...(Array.isArray(kubernetes.pods) && {
      pods: kubernetes.pods.map((p, i) =>
        resolve(`${path}.pods[${i}]`, p, ['startTime']),
      ),
    }),
  };
}

function resolveCluster(
  resolve: Resolver,
  path: string,
  cluster: ClusterSeed,
): ClusterSeed {
  return {
    ...cluster,
    ...(Array.isArray(cluster.associations) && {
      associations: cluster.associations.map((a, i) =>
        resolve(`${path}.associations[${i}]`, a, ['createdAt', 'modifiedAt']),
      ),
    }),
    ...(cluster.generatedAssociations && {
      generatedAssociations: resolve(
        `${path}.generatedAssociations`,
        cluster.generatedAssociations,
        ['startedAt', 'createdAt', 'modifiedAt'],
      ),
    }),
    ...(cluster.kubernetes && {
      kubernetes: resolveKubernetes(
        resolve,
        `${path}.kubernetes`,
        cluster.kubernetes,
      ),
    }),
  };
}

/**
 * The seed with every date field as an ISO timestamp, relative ones counted
 * back from `now`. The input is left untouched; a malformed date fails with
 * the file and the field, as validateEstate's errors do.
 */
export function resolveEstateDates(
  seed: EstateSeed,
  now: Date,
  source = 'estate',
): EstateSeed {
  const resolve: Resolver = (path, item, fields) => {
    const resolved = { ...item } as Record<string, unknown>;
    for (const field of fields) {
      const value: unknown = item[field];
      if (value === undefined || value === null) continue;
      const problem = seedDateProblem(value);
      if (problem)
        throw new EstateError(`${source}: ${path}.${field}: ${problem}`);
      resolved[field] = resolveSeedDate(value as string | Date, now);
    }
    return resolved as typeof item;
  };
  return {
    ...seed,
    accounts: seed.accounts.map((account, a) => ({
      ...account,
      ...(account.iam?.roles && {
        iam: {
          ...account.iam,
          roles: account.iam.roles.map((role, r) => {
            const at = `accounts[${a}].iam.roles[${r}]`;
            const resolved = resolve(at, role, ['createDate', 'lastUsed']);
            if (!role.lastAccessed) return resolved;
            return {
              ...resolved,
              lastAccessed: role.lastAccessed.map((used, u) => ({
                ...resolve(`${at}.lastAccessed[${u}]`, used, ['date']),
                ...(used.actions && {
                  actions: used.actions.map((action, i) =>
                    resolve(`${at}.lastAccessed[${u}].actions[${i}]`, action, [
                      'date',
                    ]),
                  ),
                }),
              })),
            };
          }),
        },
      }),
      ...(account.clusters && {
        clusters: account.clusters.map((cluster, c) =>
          resolveCluster(resolve, `accounts[${a}].clusters[${c}]`, cluster),
        ),
      }),
    })),
  };
}
