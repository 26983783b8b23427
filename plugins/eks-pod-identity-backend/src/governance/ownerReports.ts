import {
  Finding,
  FindingCounts,
  formatServiceAccountRef,
  IrsaClusterMigration,
  OwnerReport,
  SEVERITY_ORDER,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { SnapshotView } from '../snapshot/SnapshotView';

interface ClusterTally {
  podIdentity: Set<string>;
  irsaOnly: Set<string>;
}

interface OwnerTally {
  associations: number;
  roles: Set<string>;
  /** Finding objects are shared by every association they concern: a Set counts each once. */
  findings: Set<Finding>;
  clusters: Map<string, ClusterTally>;
}

function percent(podIdentity: number, irsaOnly: number): number {
  const total = podIdentity + irsaOnly;
  return total === 0 ? 100 : Math.round((podIdentity / total) * 100);
}

function countBySeverity(findings: Iterable<Finding>): FindingCounts {
  const counts = Object.fromEntries(
    SEVERITY_ORDER.map(s => [s, 0]),
  ) as FindingCounts;
  for (const f of findings) counts[f.severity]++;
  return counts;
}

function toReport(owner: string | null, tally: OwnerTally): OwnerReport {
  const byCluster: IrsaClusterMigration[] = [...tally.clusters.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cluster, c]) => ({
      cluster,
      podIdentity: c.podIdentity.size,
      irsaOnly: c.irsaOnly.size,
      migrationPercent: percent(c.podIdentity.size, c.irsaOnly.size),
      irsaOnlyServiceAccounts: [...c.irsaOnly].sort(),
    }));
  const podIdentity = byCluster.reduce((n, c) => n + c.podIdentity, 0);
  const irsaOnly = byCluster.reduce((n, c) => n + c.irsaOnly, 0);
  return {
    owner,
    associationCount: tally.associations,
    roleCount: tally.roles.size,
    findings: countBySeverity(tally.findings),
    irsa: {
      podIdentity,
      irsaOnly,
      migrationPercent: percent(podIdentity, irsaOnly),
      byCluster,
    },
  };
}

/**
 * One report per owner group (`spec.owner` of the entities that claim the
 * service accounts), plus `owner: null` for what no entity claims. A service
 * account claimed by entities of two owners counts for both.
 */
export function buildOwnerReports(view: SnapshotView): OwnerReport[] {
  const ownersBySa = new Map<string, Set<string>>();
  for (const m of view.entityMappings) {
    if (!m.ownerRef) continue;
    const key = formatServiceAccountRef(m);
    ownersBySa.set(key, (ownersBySa.get(key) ?? new Set()).add(m.ownerRef));
  }
  const ownersOf = (key: string): Array<string | null> => {
    const owners = ownersBySa.get(key);
    return owners && owners.size > 0 ? [...owners] : [null];
  };

  const tallies = new Map<string | null, OwnerTally>();
  const tallyOf = (owner: string | null) => {
    let tally = tallies.get(owner);
    if (!tally) {
      tally = {
        associations: 0,
        roles: new Set(),
        findings: new Set(),
        clusters: new Map(),
      };
      tallies.set(owner, tally);
    }
    return tally;
  };
  const clusterOf = (tally: OwnerTally, cluster: string) => {
    let c = tally.clusters.get(cluster);
    if (!c) {
      c = { podIdentity: new Set(), irsaOnly: new Set() };
      tally.clusters.set(cluster, c);
    }
    return c;
  };

  for (const a of view.associations) {
    for (const owner of ownersOf(formatServiceAccountRef(a))) {
      const tally = tallyOf(owner);
      tally.associations++;
      tally.roles.add(a.roleArn);
      if (a.targetRoleArn) tally.roles.add(a.targetRoleArn);
      a.findings.forEach(f => tally.findings.add(f));
      clusterOf(tally, a.cluster).podIdentity.add(
        `${a.namespace}/${a.serviceAccount}`,
      );
    }
  }

  for (const cluster of view.snapshot.clusters) {
    for (const sa of cluster.serviceAccounts) {
      if (
        !sa.irsaRoleArn ||
        view.associationFor(cluster.name, sa.namespace, sa.name)
      )
        continue;
      const key = formatServiceAccountRef({
        cluster: cluster.name,
        namespace: sa.namespace,
        serviceAccount: sa.name,
      });
      const findings = view.findings.about({ type: 'serviceAccount', id: key });
      for (const owner of ownersOf(key)) {
        const tally = tallyOf(owner);
        findings.forEach(f => tally.findings.add(f));
        clusterOf(tally, cluster.name).irsaOnly.add(
          `${sa.namespace}/${sa.name}`,
        );
      }
    }
  }

  return [...tallies.entries()]
    .sort(([a], [b]) => compareOwners(a, b))
    .map(([owner, tally]) => toReport(owner, tally));
}

/** Owners alphabetically, with the unowned bucket (null) last. */
function compareOwners(a: string | null, b: string | null): number {
  if (a === null || b === null) {
    return (a === null ? 1 : 0) - (b === null ? 1 : 0);
  }
  return a.localeCompare(b);
}
