import { createHash } from 'node:crypto';
import type {
  Association,
  ClusterStatus,
  Finding,
  FindingSeverity,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { NotifiedFinding } from '../database/NotifiedFindingStore';

/** Severities worth interrupting an owner for. */
export const NOTIFIED_SEVERITIES: readonly FindingSeverity[] = [
  'critical',
  'high',
];

/** A finding as it concerns one catalog entity. */
export interface EntityFinding {
  key: string;
  entityRef: string;
  cluster: string;
  /** `cluster:namespace/serviceAccount` where it was seen. */
  serviceAccount: string;
  finding: Finding;
}

function keyOf(entityRef: string, finding: Finding): string {
  const parts = [
    entityRef.toLocaleLowerCase('en-US'),
    finding.code,
    finding.subject.type,
    finding.subject.id,
  ];
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

/**
 * Critical and high findings per entity that claims an association's service
 * account. A finding about a role or a cluster reaches an entity through
 * each of its associations but counts once.
 */
export function currentEntityFindings(
  associations: Association[],
): Map<string, EntityFinding> {
  const current = new Map<string, EntityFinding>();
  for (const a of associations) {
    for (const finding of a.findings) {
      if (!NOTIFIED_SEVERITIES.includes(finding.severity)) continue;
      for (const entityRef of a.mappedEntityRefs) {
        const key = keyOf(entityRef, finding);
        if (!current.has(key)) {
          const serviceAccount = `${a.cluster}:${a.namespace}/${a.serviceAccount}`;
          current.set(key, {
            key,
            entityRef,
            cluster: a.cluster,
            serviceAccount,
            finding,
          });
        }
      }
    }
  }
  return current;
}

export interface NotificationPlan {
  /** New findings, by the entity whose owner hears about them. */
  toNotify: Map<string, EntityFinding[]>;
  /** Findings of clusters seen for the first time: recorded, not sent. */
  toBaseline: EntityFinding[];
  /** Clusters scanned for the first time since the notifier has watched. */
  newlyWatched: string[];
  /** Watched clusters that left the inventory: if they come back, they get a new baseline. */
  unwatched: string[];
  /** Keys of notified findings that are gone: if they come back, they are new again. */
  resolved: string[];
}

/**
 * What to send, what to record silently and what to forget.
 *
 * The first time a cluster is seen scanned, its findings are the baseline:
 * after installing the module (or onboarding a cluster) owners are not sent
 * every finding the estate already had, which the governance page lists
 * anyway. A finding is only taken as gone when its cluster has scan data
 * (or left the inventory): a cluster not scanned yet shows no findings
 * without them being resolved.
 */
export function planNotifications(
  current: Map<string, EntityFinding>,
  notified: NotifiedFinding[],
  clusters: ClusterStatus[],
  watched: Set<string>,
): NotificationPlan {
  const known = new Set(notified.map(n => n.key));
  const listed = new Set(clusters.map(c => c.name));
  const scanned = new Set(clusters.filter(c => c.lastScanAt).map(c => c.name));
  const newlyWatched = [...scanned].filter(c => !watched.has(c));

  const toNotify = new Map<string, EntityFinding[]>();
  const toBaseline: EntityFinding[] = [];
  for (const f of current.values()) {
    if (known.has(f.key)) continue;
    if (!watched.has(f.cluster)) {
      toBaseline.push(f);
      continue;
    }
    toNotify.set(f.entityRef, [...(toNotify.get(f.entityRef) ?? []), f]);
  }
  const resolved = notified
    .filter(
      n =>
        !current.has(n.key) &&
        (scanned.has(n.cluster) || !listed.has(n.cluster)),
    )
    .map(n => n.key);
  const unwatched = [...watched].filter(c => !listed.has(c));
  return { toNotify, toBaseline, newlyWatched, unwatched, resolved };
}
