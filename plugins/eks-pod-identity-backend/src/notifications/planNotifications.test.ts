import type {
  Association,
  ClusterStatus,
  Finding,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { NotifiedFinding } from '../database/NotifiedFindingStore';
import { currentEntityFindings, planNotifications } from './planNotifications';

const finding = (
  code: Finding['code'],
  severity: Finding['severity'],
  subject: Finding['subject'],
): Finding => ({
  code,
  severity,
  title: code,
  detail: 'd',
  remediation: 'r',
  subject,
});

const association = (
  cluster: string,
  serviceAccount: string,
  owners: string[],
  findings: Finding[],
) =>
  ({
    id: `a-${serviceAccount}`,
    cluster,
    namespace: 'ns',
    serviceAccount,
    mappedEntityRefs: owners,
    findings,
  } as unknown as Association);

const status = (name: string, lastScanAt?: string) =>
  ({
    name,
    status: lastScanAt ? 'ok' : 'pending',
    lastScanAt,
  } as ClusterStatus);

const notified = (f: { key: string; cluster: string }): NotifiedFinding => ({
  ...f,
  entityRef: 'component:default/x',
  code: 'AGENT_MISSING',
  severity: 'critical',
  notifiedAt: '2026-11-28T00:00:00.000Z',
});

describe('planNotifications', () => {
  const agentMissing = finding('AGENT_MISSING', 'critical', {
    type: 'cluster',
    id: 'alpha',
  });

  it('counts a finding once per entity, however many of its associations carry it, and only critical and high', () => {
    const current = currentEntityFindings([
      association(
        'alpha',
        'one',
        ['component:default/x'],
        [
          agentMissing,
          finding('ROLE_SHARED', 'medium', { type: 'role', id: 'r' }),
        ],
      ),
      association(
        'alpha',
        'two',
        ['component:default/x', 'component:default/y'],
        [agentMissing],
      ),
    ]);
    const { toNotify } = planNotifications(
      current,
      [],
      [status('alpha', 'now')],
      new Set(['alpha']),
    );
    expect(
      [...toNotify.entries()].map(([ref, fs]) => [
        ref,
        fs.map(f => f.finding.code),
      ]),
    ).toEqual([
      ['component:default/x', ['AGENT_MISSING']],
      ['component:default/y', ['AGENT_MISSING']],
    ]);
  });

  it('notifies what is new, forgets what is gone, and keeps what it cannot see yet', () => {
    const current = currentEntityFindings([
      association('alpha', 'one', ['component:default/x'], [agentMissing]),
    ]);
    const [seen] = current.keys();
    const plan = planNotifications(
      current,
      [
        notified({ key: seen, cluster: 'alpha' }),
        notified({ key: 'gone-on-scanned-cluster', cluster: 'alpha' }),
        notified({ key: 'on-cluster-not-scanned-yet', cluster: 'beta' }),
        notified({ key: 'on-removed-cluster', cluster: 'gamma' }),
      ],
      [status('alpha', 'now'), status('beta')],
      new Set(['alpha', 'beta', 'gamma']),
    );
    expect(plan.toNotify.size).toBe(0);
    expect(plan.resolved.sort()).toEqual([
      'gone-on-scanned-cluster',
      'on-removed-cluster',
    ]);
    expect(plan.unwatched).toEqual(['gamma']);
  });

  it('records what a cluster has when it is first seen scanned, and notifies only what comes after', () => {
    const onBeta = finding('AGENT_MISSING', 'critical', {
      type: 'cluster',
      id: 'beta',
    });
    const current = currentEntityFindings([
      association('alpha', 'one', ['component:default/x'], [agentMissing]),
      association('beta', 'two', ['component:default/y'], [onBeta]),
    ]);
    const plan = planNotifications(
      current,
      [],
      [status('alpha', 'now'), status('beta', 'now'), status('gamma')],
      new Set(['alpha']),
    );
    expect([...plan.toNotify.keys()]).toEqual(['component:default/x']);
    expect(plan.toBaseline.map(f => [f.entityRef, f.cluster])).toEqual([
      ['component:default/y', 'beta'],
    ]);
    // gamma has no scan yet: its baseline is taken once it has one.
    expect(plan.newlyWatched).toEqual(['beta']);
    expect(plan.unwatched).toEqual([]);
  });
});
