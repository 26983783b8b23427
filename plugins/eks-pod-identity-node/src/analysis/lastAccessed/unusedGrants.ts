import {
  type NamedPolicy,
  type PolicyDocument,
  type ServiceAccess,
  type ServiceUsage,
  statementsOf,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  RoleLastAccessedRecord,
  ServiceLastAccessedRecord,
} from '../../inventory/types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A statement of an identity policy whose actions include some not used in the window. */
export interface UnusedStatement {
  /** Inline policy name, or managed policy name. */
  policyName: string;
  /** Set for managed policies. */
  policyArn?: string;
  sid?: string;
  /** Position in the policy's Statement list. */
  index: number;
  /** The statement's Action entries that were not used. */
  unusedActions: string[];
  /** The entries that stay (used, or not judged: untracked actions of a used service, `*`). */
  keptActions: string[];
}

export interface UnusedGrants {
  /** Services the report lists (what the permissions policies grant). */
  grantedServices: string[];
  usedServices: string[];
  unusedServices: string[];
  statements: UnusedStatement[];
}

function usedWithin(
  at: string | undefined,
  now: Date,
  windowDays: number,
): boolean {
  return (
    at !== undefined && now.getTime() - Date.parse(at) <= windowDays * DAY_MS
  );
}

/**
 * Whether an Action entry was unused in the window: its whole service was
 * not used, or it names one action IAM tracks and that action was not used.
 * Wildcards and untracked actions of a used service cannot be judged (IAM
 * only reports those at the service level), so they stay.
 */
function isUnused(
  entry: string,
  services: Map<string, ServiceLastAccessedRecord>,
  now: Date,
  windowDays: number,
): boolean {
  const colon = entry.indexOf(':');
  if (colon < 0) return false;
  const report = services.get(entry.slice(0, colon).toLowerCase());
  if (!report) return false;
  if (!usedWithin(report.lastAuthenticated, now, windowDays)) return true;
  const action = entry.slice(colon + 1);
  if (/[*?]/.test(action)) return false;
  const tracked = report.trackedActions?.find(
    a => a.action.toLowerCase() === action.toLowerCase(),
  );
  return (
    tracked !== undefined && !usedWithin(tracked.lastAccessed, now, windowDays)
  );
}

/**
 * What the role's identity policies grant and did not use within
 * `windowDays`, by statement. Only Allow statements with `Action` count:
 * IAM's report is about what permissions policies allow.
 */
export function unusedGrants(
  identityPolicies: NamedPolicy[],
  record: RoleLastAccessedRecord,
  now: Date,
  windowDays: number,
): UnusedGrants {
  const services = new Map(record.services.map(s => [s.service, s]));
  const used = record.services.filter(s =>
    usedWithin(s.lastAuthenticated, now, windowDays),
  );
  const statements: UnusedStatement[] = [];
  for (const policy of identityPolicies) {
    for (const statement of statementsOf(policy.document)) {
      if (statement.effect !== 'Allow' || !statement.action) continue;
      const unusedActions = statement.action.filter(a =>
        isUnused(a, services, now, windowDays),
      );
      if (unusedActions.length === 0) continue;
      statements.push({
        policyName: policy.name ?? policy.arn ?? '',
        ...(policy.arn ? { policyArn: policy.arn } : {}),
        ...(statement.sid ? { sid: statement.sid } : {}),
        index: statement.index,
        unusedActions,
        keptActions: statement.action.filter(a => !unusedActions.includes(a)),
      });
    }
  }
  return {
    grantedServices: record.services.map(s => s.service).sort(),
    usedServices: used.map(s => s.service).sort(),
    unusedServices: record.services
      .filter(s => !used.includes(s))
      .map(s => s.service)
      .sort(),
    statements,
  };
}

/**
 * The policy without the unused Action entries: a statement left with none
 * is dropped. Undefined when nothing would be left of the policy.
 */
export function narrowPolicy(
  document: PolicyDocument,
  unused: UnusedStatement[],
): PolicyDocument | undefined {
  const raw = document.Statement;
  const list = Array.isArray(raw) ? raw : [raw];
  const kept = list.flatMap((statement, index) => {
    const narrowed = unused.find(u => u.index === index);
    if (!narrowed) return [statement];
    if (narrowed.keptActions.length === 0) return [];
    return [
      {
        ...statement,
        Action:
          narrowed.keptActions.length === 1
            ? narrowed.keptActions[0]
            : narrowed.keptActions,
      },
    ];
  });
  return kept.length === 0 ? undefined : { ...document, Statement: kept };
}

/** "Used / granted" of one service of an access summary. */
export function serviceUsage(
  service: ServiceAccess,
  record: RoleLastAccessedRecord,
  now: Date,
  windowDays: number,
): ServiceUsage | undefined {
  const report = record.services.find(s => s.service === service.service);
  if (!report) return undefined;
  const tracked = report.trackedActions ?? [];
  return {
    used: usedWithin(report.lastAuthenticated, now, windowDays),
    ...(report.lastAuthenticated
      ? { lastAccessed: report.lastAuthenticated }
      : {}),
    windowDays,
    ...(tracked.length > 0
      ? {
          trackedActions: {
            used: tracked.filter(a =>
              usedWithin(a.lastAccessed, now, windowDays),
            ).length,
            granted: tracked.length,
          },
        }
      : {}),
  };
}
