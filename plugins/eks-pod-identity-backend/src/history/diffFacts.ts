import {
  roleNameOfArn,
  type AccessChange,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { clusterKey, type HistoryFact } from './facts';

/** A change before it is stored: no id, time or actor yet. */
export type ChangeDraft = Omit<
  AccessChange,
  'id' | 'at' | 'actor' | 'source' | 'madeBy'
>;

// Role ARNs here are the ones EKS returned; an empty target role has no name.
const roleName = (arn: string | undefined) => (arn ? roleNameOfArn(arn) : '');

function changedFields(before: HistoryFact, after: HistoryFact): string[] {
  const keys = new Set([
    ...Object.keys(before.values),
    ...Object.keys(after.values),
  ]);
  return [...keys].filter(k => before.values[k] !== after.values[k]).sort();
}

function updateSummary(
  before: HistoryFact,
  after: HistoryFact,
  fields: string[],
): string {
  const parts = fields.map(field => {
    const from = before.values[field];
    const to = after.values[field];
    if (field === 'role' || field === 'target role') {
      if (!from) return `${field} ${roleName(to)} added`;
      if (!to) return `${field} ${roleName(from)} removed`;
      return `${field} changed from ${roleName(from)} to ${roleName(to)}`;
    }
    return `${field} changed`;
  });
  return `Association ${after.label}: ${parts.join(', ')}`;
}

const merged = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();

const inputsOf = (f: HistoryFact) =>
  f.inputs ?? (f.subject.cluster ? [clusterKey(f.subject.cluster)] : []);

/**
 * The changes between what the history last recorded and a new snapshot.
 * Only what is judged from inputs read on both sides counts: what shows up
 * or goes as an input is read for the first time (a cluster's first scan,
 * an account's IAM, the catalog's first mappings, a role's last-accessed
 * report) is a baseline, not a change, and what goes with an input that left
 * the inventory is not a deletion. A role's policies are compared only while
 * some association uses it.
 */
export function diffFacts(
  previous: ReadonlyMap<string, HistoryFact>,
  next: readonly HistoryFact[],
): ChangeDraft[] {
  const nextByKey = new Map(next.map(f => [f.key, f]));
  // Judged from the same inputs on both sides; otherwise it came or went
  // with an input's first read or departure.
  const inputsOnBothSides = (f: HistoryFact) =>
    inputsOf(f).every(k => previous.has(k) && nextByKey.has(k));
  const changes: ChangeDraft[] = [];

  for (const after of next) {
    const before = previous.get(after.key);
    if (after.type === 'cluster' || after.type === 'input') continue;
    if (!before) {
      if (!inputsOnBothSides(after)) continue;
      if (after.type === 'association') {
        changes.push({
          kind: 'association.created',
          ...after.subject,
          summary: `Association created: ${after.label} → role ${roleName(
            after.subject.roleArn,
          )}`,
        });
      } else if (after.type === 'finding') {
        changes.push({
          kind: 'finding.raised',
          ...after.subject,
          summary: `Finding raised: ${after.label}`,
        });
      }
      continue;
    }
    const fields = changedFields(before, after);
    if (fields.length === 0) continue;
    const subject = {
      ...after.subject,
      entityRefs: merged(before.subject.entityRefs, after.subject.entityRefs),
    };
    if (after.type === 'association') {
      changes.push({
        kind: 'association.updated',
        ...subject,
        fields,
        summary: updateSummary(before, after, fields),
      });
    } else if (after.type === 'role-trust') {
      changes.push({
        kind: 'role.trust-policy-changed',
        ...subject,
        fields,
        summary: `Role ${after.label}: trust policy changed`,
      });
    } else if (after.type === 'role-permissions') {
      changes.push({
        kind: 'role.permissions-changed',
        ...subject,
        fields,
        summary: `Role ${after.label}: ${fields.join(', ')} changed`,
      });
    }
  }

  for (const before of previous.values()) {
    if (nextByKey.has(before.key) || !inputsOnBothSides(before)) continue;
    if (before.type === 'association') {
      changes.push({
        kind: 'association.deleted',
        ...before.subject,
        summary: `Association deleted: ${before.label} (was role ${roleName(
          before.subject.roleArn,
        )})`,
      });
    } else if (before.type === 'finding') {
      changes.push({
        kind: 'finding.resolved',
        ...before.subject,
        summary: `Finding resolved: ${before.label}`,
      });
    }
  }
  return changes;
}
