import {
  accountOfArn,
  formatServiceAccountRef,
  type AccessChange,
  type Association,
  type Finding,
  type FindingCode,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { SnapshotView } from '../snapshot/SnapshotView';

/**
 * One thing the history follows, as a snapshot holds it: an association, a
 * role's trust policy, a role's permissions, a finding, or an input the
 * inventory has read (a scanned cluster, an account's IAM, the catalog, a
 * role's last-accessed report), whose first read is a baseline, not a wave of
 * creations. `values` are what a change is detected on; the rest describes it.
 */
export interface HistoryFact {
  key: string;
  type:
    | 'cluster'
    | 'input'
    | 'association'
    | 'role-trust'
    | 'role-permissions'
    | 'finding';
  values: Record<string, string>;
  /**
   * Keys of the inputs this fact is judged from. It is a change only while
   * all of them were read before and still are: a finding that shows up
   * because its role's account or last-accessed report was just read was
   * already there. Absent in facts recorded before inputs were kept: then
   * the subject's cluster.
   */
  inputs?: string[];
  /** What an AccessChange says about the subject (no kind, time or actor). */
  subject: Omit<
    AccessChange,
    'id' | 'at' | 'kind' | 'summary' | 'actor' | 'source' | 'madeBy' | 'fields'
  >;
  /** A short name of the subject for summaries. */
  label: string;
}

const saRef = (s: {
  cluster: string;
  namespace: string;
  serviceAccount: string;
}) => formatServiceAccountRef(s);

export const clusterKey = (name: string) => `cluster:${name}`;
const accountKey = (arn: string) => `account:${accountOfArn(arn) ?? arn}`;
const lastAccessedKey = (roleArn: string) => `last-accessed:${roleArn}`;
const CATALOG_KEY = 'catalog';

/** Findings judged from what the catalog maps, not from AWS. */
const CATALOG_FINDINGS: ReadonlySet<FindingCode> = new Set([
  'UNOWNED_ASSOCIATION',
  'MAPPING_CONTESTED',
]);

const json = (value: unknown) => (value === undefined ? '' : stableJson(value));

/** JSON with object keys sorted, so equal documents compare equal. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map(k => [k, v[k]]),
        )
      : v,
  );
}

function associationFact(a: Association): HistoryFact {
  return {
    key: `association:${a.cluster}/${a.id}`,
    type: 'association',
    values: {
      role: a.roleArn,
      'target role': a.targetRoleArn ?? '',
      'session policy': json(a.sessionPolicy),
      'session tags': a.disableSessionTags ? 'disabled' : 'enabled',
      tags: json(a.tags),
    },
    subject: {
      cluster: a.cluster,
      namespace: a.namespace,
      serviceAccount: a.serviceAccount,
      associationId: a.id,
      roleArn: a.roleArn,
      entityRefs: a.mappedEntityRefs,
    },
    inputs: [clusterKey(a.cluster)],
    label: saRef(a),
  };
}

/** Entities per finding subject (`type\nid`), for the findings' changes. */
function subjectOwners(view: SnapshotView): Map<string, Set<string>> {
  const owners = new Map<string, Set<string>>();
  const add = (type: string, id: string, refs: string[]) => {
    const set = owners.get(`${type}\n${id}`) ?? new Set<string>();
    refs.forEach(r => set.add(r));
    owners.set(`${type}\n${id}`, set);
  };
  for (const a of view.associations) {
    add('association', a.id, a.mappedEntityRefs);
    add('serviceAccount', saRef(a), a.mappedEntityRefs);
    add('role', a.roleArn, a.mappedEntityRefs);
    if (a.targetRoleArn) add('role', a.targetRoleArn, a.mappedEntityRefs);
  }
  for (const m of view.entityMappings) {
    add('serviceAccount', saRef(m), [m.entityRef]);
  }
  return owners;
}

/**
 * Everything the history follows in one snapshot: the associations, the
 * policies of the roles they use, and the findings. Clusters that have not
 * been scanned yet contribute nothing.
 */
export function factsOf(view: SnapshotView): HistoryFact[] {
  const facts: HistoryFact[] = [];
  for (const name of view.clusterNames()) {
    const cluster = view.cluster(name);
    if (!cluster || cluster.status === 'pending') continue;
    facts.push({
      key: clusterKey(name),
      type: 'cluster',
      values: {},
      subject: { cluster: name, entityRefs: [] },
      label: name,
    });
  }
  const input = (key: string): HistoryFact => ({
    key,
    type: 'input',
    values: {},
    subject: { entityRefs: [] },
    label: key,
  });
  // Until the first full scan ends, an account may be known only by the
  // roles a re-read touched, and the catalog still be filling up: what the
  // rest of them raises then was already there.
  const fullyScanned = Boolean(view.snapshot.lastFullScanAt);
  for (const account of view.snapshot.accounts) {
    if (fullyScanned && account.lastGoodScanAt) {
      facts.push(input(`account:${account.accountId}`));
    }
  }
  // A catalog that maps nothing has not been read yet (or claims nothing).
  if (fullyScanned && view.entityMappings.length > 0) {
    facts.push(input(CATALOG_KEY));
  }
  for (const record of view.snapshot.lastAccessed ?? []) {
    facts.push(input(lastAccessedKey(record.roleArn)));
  }
  const scanned = new Set(facts.map(f => f.subject.cluster));
  const roleOwners = new Map<string, Set<string>>();
  for (const a of view.associations) {
    if (!scanned.has(a.cluster)) continue;
    facts.push(associationFact(a));
    for (const arn of [a.roleArn, a.targetRoleArn]) {
      if (!arn) continue;
      const owners = roleOwners.get(arn) ?? new Set<string>();
      a.mappedEntityRefs.forEach(o => owners.add(o));
      roleOwners.set(arn, owners);
    }
  }
  const policies = new Map(
    view.snapshot.accounts.flatMap(acc => acc.policies.map(p => [p.arn, p])),
  );
  const roles = new Map(
    view.snapshot.accounts.flatMap(acc => acc.roles.map(r => [r.arn, r])),
  );
  for (const [arn, owners] of roleOwners) {
    const role = roles.get(arn);
    if (!role) continue;
    const subject = { roleArn: arn, entityRefs: [...owners].sort() };
    facts.push({
      key: `role-trust:${arn}`,
      type: 'role-trust',
      values: { 'trust policy': json(role.trustPolicy) },
      subject,
      label: role.name,
    });
    facts.push({
      key: `role-permissions:${arn}`,
      type: 'role-permissions',
      values: {
        'inline policies': json(role.inlinePolicies),
        'attached policies': json(
          [...role.attachedPolicyArns]
            .sort()
            .map(p => ({ arn: p, document: policies.get(p)?.document })),
        ),
        'permissions boundary': role.permissionsBoundaryArn ?? '',
      },
      subject,
      label: role.name,
    });
  }
  const owners = subjectOwners(view);
  const inputsOf = findingInputs(view);
  for (const finding of view.findings.all) {
    const { type, id } = finding.subject;
    facts.push({
      key: `finding:${finding.code}:${type}:${id}`,
      type: 'finding',
      values: {},
      subject: {
        cluster: finding.cluster,
        ...(type === 'association' ? { associationId: id } : {}),
        ...(type === 'role' ? { roleArn: id } : {}),
        findingCode: finding.code,
        findingSeverity: finding.severity,
        entityRefs: [...(owners.get(`${type}\n${id}`) ?? [])].sort(),
      },
      inputs: inputsOf(finding),
      label: `${finding.code} on ${id}`,
    });
  }
  return facts;
}

/**
 * What a finding is judged from: its cluster's scan, the IAM of the accounts
 * of the roles it is about, the catalog for the mapping findings, and the
 * role's last-accessed report for PERMISSIONS_UNUSED.
 */
function findingInputs(view: SnapshotView) {
  const rolesOf = new Map<string, string[]>();
  for (const a of view.associations) {
    const roles = [a.roleArn, ...(a.targetRoleArn ? [a.targetRoleArn] : [])];
    rolesOf.set(`association\n${a.id}`, roles);
    rolesOf.set(`serviceAccount\n${saRef(a)}`, roles);
  }
  return (finding: Finding): string[] => {
    const { type, id } = finding.subject;
    const roles =
      type === 'role' ? [id] : rolesOf.get(`${type}\n${id}`) ?? [];
    const inputs = new Set([
      ...(finding.cluster ? [clusterKey(finding.cluster)] : []),
      ...roles.map(accountKey),
    ]);
    if (CATALOG_FINDINGS.has(finding.code)) inputs.add(CATALOG_KEY);
    if (finding.code === 'PERMISSIONS_UNUSED' && type === 'role') {
      inputs.add(lastAccessedKey(id));
    }
    return [...inputs].sort();
  };
}
