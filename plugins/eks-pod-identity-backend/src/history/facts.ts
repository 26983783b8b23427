import {
  formatServiceAccountRef,
  type AccessChange,
  type Association,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { SnapshotView } from '../snapshot/SnapshotView';

/**
 * One thing the history follows, as a snapshot holds it: an association, a
 * role's trust policy, a role's permissions, a finding, or a scanned cluster
 * (whose first scan is a baseline, not a wave of creations). `values` are
 * what a change is detected on; the rest describes it.
 */
export interface HistoryFact {
  key: string;
  type:
    | 'cluster'
    | 'association'
    | 'role-trust'
    | 'role-permissions'
    | 'finding';
  values: Record<string, string>;
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
      key: `cluster:${name}`,
      type: 'cluster',
      values: {},
      subject: { cluster: name, entityRefs: [] },
      label: name,
    });
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
      label: `${finding.code} on ${id}`,
    });
  }
  return facts;
}
