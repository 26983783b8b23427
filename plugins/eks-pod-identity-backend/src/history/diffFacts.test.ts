import {
  OUTSIDE_BACKSTAGE,
  SEEN_BY_INVENTORY,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { attributeChange } from './attributeChange';
import { diffFacts } from './diffFacts';
import type { HistoryFact } from './facts';

const ROLE_A = 'arn:aws:iam::111111111111:role/orders';
const ROLE_B = 'arn:aws:iam::111111111111:role/orders-v2';

const cluster = (name: string): HistoryFact => ({
  key: `cluster:${name}`,
  type: 'cluster',
  values: {},
  subject: { cluster: name, entityRefs: [] },
  label: name,
});

function association(
  id: string,
  roleArn: string,
  owners = ['component:default/orders'],
  clusterName = 'prod',
): HistoryFact {
  return {
    key: `association:${clusterName}/${id}`,
    type: 'association',
    values: { role: roleArn, 'target role': '', tags: '{}' },
    subject: {
      cluster: clusterName,
      namespace: 'team-orders',
      serviceAccount: 'orders',
      associationId: id,
      roleArn,
      entityRefs: owners,
    },
    label: `${clusterName}:team-orders/orders`,
  };
}

const finding = (code: string): HistoryFact => ({
  key: `finding:${code}:association:a-1`,
  type: 'finding',
  values: {},
  subject: {
    cluster: 'prod',
    associationId: 'a-1',
    findingCode: code as any,
    entityRefs: ['component:default/orders'],
  },
  label: `${code} on a-1`,
});

const byKey = (facts: HistoryFact[]) => new Map(facts.map(f => [f.key, f]));

describe('diffFacts', () => {
  it('reports created, updated and deleted associations with the fields that changed', () => {
    const before = byKey([
      cluster('prod'),
      association('a-1', ROLE_A),
      association('a-2', ROLE_A),
    ]);
    const after = [
      cluster('prod'),
      association('a-1', ROLE_B),
      association('a-3', ROLE_A),
    ];
    const changes = diffFacts(before, after);
    expect(changes.map(c => [c.kind, c.associationId])).toEqual([
      ['association.updated', 'a-1'],
      ['association.created', 'a-3'],
      ['association.deleted', 'a-2'],
    ]);
    expect(changes[0]).toMatchObject({
      fields: ['role'],
      summary:
        'Association prod:team-orders/orders: role changed from orders to orders-v2',
      entityRefs: ['component:default/orders'],
    });
    expect(changes[2].summary).toBe(
      'Association deleted: prod:team-orders/orders (was role orders)',
    );
  });

  it('takes a first-scanned cluster as a baseline and a vanished cluster as no deletion', () => {
    const before = byKey([
      cluster('old'),
      association('a-1', ROLE_A, [], 'old'),
    ]);
    const after = [cluster('new'), association('a-9', ROLE_A, [], 'new')];
    expect(diffFacts(before, after)).toEqual([]);
  });

  it('reports findings raised and resolved', () => {
    const before = byKey([cluster('prod'), finding('TRUST_TOO_BROAD')]);
    const after = [cluster('prod'), finding('ROLE_NOT_FOUND')];
    expect(diffFacts(before, after).map(c => [c.kind, c.findingCode])).toEqual([
      ['finding.raised', 'ROLE_NOT_FOUND'],
      ['finding.resolved', 'TRUST_TOO_BROAD'],
    ]);
  });

  it('takes findings that show up with an input read for the first time as a baseline, and keeps them', () => {
    const input = (key: string): HistoryFact => ({
      key,
      type: 'input',
      values: {},
      subject: { entityRefs: [] },
      label: key,
    });
    const roleFinding = (code: string, inputs: string[]): HistoryFact => ({
      key: `finding:${code}:role:${ROLE_A}`,
      type: 'finding',
      values: {},
      subject: { roleArn: ROLE_A, findingCode: code as any, entityRefs: [] },
      inputs,
      label: `${code} on ${ROLE_A}`,
    });
    const account = input('account:111111111111');
    const lastAccessed = input(`last-accessed:${ROLE_A}`);
    const unused = roleFinding('PERMISSIONS_UNUSED', [
      'account:111111111111',
      `last-accessed:${ROLE_A}`,
    ]);
    const unbounded = roleFinding('NO_PERMISSIONS_BOUNDARY', [
      'account:111111111111',
    ]);
    // The clusters were scanned first; the account's IAM lands next, then
    // the last-accessed report: neither is a wave of raised findings.
    const scanned = [cluster('prod')];
    const iamRead = [...scanned, account, unbounded];
    const reportRead = [...iamRead, lastAccessed, unused];
    expect(diffFacts(byKey(scanned), iamRead)).toEqual([]);
    expect(diffFacts(byKey(iamRead), reportRead)).toEqual([]);
    // Read again (a later snapshot, or after a restart): nothing new either.
    expect(diffFacts(byKey(reportRead), reportRead)).toEqual([]);
    // Once its inputs were there, a finding that goes is resolved…
    expect(
      diffFacts(byKey(reportRead), [...iamRead, lastAccessed]).map(c => [
        c.kind,
        c.findingCode,
      ]),
    ).toEqual([['finding.resolved', 'PERMISSIONS_UNUSED']]);
    // …but not when its input left the inventory with it.
    expect(diffFacts(byKey(reportRead), iamRead)).toEqual([]);
  });

  it('takes findings judged before the catalog was read as no change when its mappings arrive', () => {
    const catalog: HistoryFact = {
      key: 'catalog',
      type: 'input',
      values: {},
      subject: { entityRefs: [] },
      label: 'catalog',
    };
    const unowned = (id: string): HistoryFact => ({
      ...finding('UNOWNED_ASSOCIATION'),
      key: `finding:UNOWNED_ASSOCIATION:association:${id}`,
      inputs: ['catalog', 'cluster:prod'],
    });
    // At start the catalog maps nothing yet: every association looks unowned.
    const unread = [cluster('prod'), unowned('a-1'), unowned('a-2')];
    const read = [cluster('prod'), catalog, unowned('a-2')];
    expect(diffFacts(byKey(unread), read)).toEqual([]);
    // Read on both sides, an entity claiming a-2 resolves it.
    expect(
      diffFacts(byKey(read), [cluster('prod'), catalog]).map(c => c.kind),
    ).toEqual(['finding.resolved']);
  });

  it('reports a changed role policy only for a role it knew', () => {
    const role = (doc: string): HistoryFact => ({
      key: `role-trust:${ROLE_A}`,
      type: 'role-trust',
      values: { 'trust policy': doc },
      subject: { roleArn: ROLE_A, entityRefs: ['component:default/orders'] },
      label: 'orders',
    });
    expect(diffFacts(byKey([]), [role('{"a":1}')])).toEqual([]);
    expect(diffFacts(byKey([role('{"a":1}')]), [role('{"a":2}')])).toEqual([
      expect.objectContaining({
        kind: 'role.trust-policy-changed',
        summary: 'Role orders: trust policy changed',
      }),
    ]);
  });
});

describe('attributeChange', () => {
  const [created] = diffFacts(byKey([cluster('prod')]), [
    cluster('prod'),
    association('a-1', ROLE_A, []),
  ]);

  it('names the user of the newest event about the same service account, and its entity', () => {
    const change = attributeChange(created, [
      {
        kind: 'association',
        change: 'created',
        cluster: 'prod',
        namespace: 'team-orders',
        serviceAccount: 'orders',
        actor: 'user:default/jane',
        source: 'eks-pod-identity:setup',
        entityRef: 'component:default/orders',
      },
      {
        kind: 'association',
        change: 'created',
        cluster: 'prod',
        namespace: 'team-orders',
        serviceAccount: 'orders',
        actor: 'user:default/older',
      },
    ]);
    expect(change).toMatchObject({
      actor: 'user:default/jane',
      source: 'eks-pod-identity:setup',
      madeBy: 'user:default/jane',
      entityRefs: ['component:default/orders'],
    });
  });

  it('says the inventory saw a finding raised, and leaves the event to the change that caused it', () => {
    const [raised] = diffFacts(byKey([cluster('prod')]), [
      cluster('prod'),
      finding('ROLE_NOT_FOUND'),
    ]);
    const event = {
      kind: 'association' as const,
      change: 'created' as const,
      cluster: 'prod',
      associationId: 'a-1',
      actor: 'user:default/jane',
    };
    const used = new Set<typeof event>();
    const change = attributeChange(raised, [event], used);
    expect(change.madeBy).toBe(SEEN_BY_INVENTORY);
    expect(change.actor).toBeUndefined();
    expect(change.source).toBeUndefined();
    expect(used.size).toBe(0);
  });

  it('says "outside Backstage" when no event names it', () => {
    const change = attributeChange(created, [
      {
        kind: 'association',
        change: 'created',
        cluster: 'prod',
        namespace: 'team-payments',
        serviceAccount: 'payments',
        actor: 'user:default/jane',
      },
    ]);
    expect(change.madeBy).toBe(OUTSIDE_BACKSTAGE);
    expect(change.actor).toBeUndefined();
  });
});
