import type { Finding } from '@pod-identity/plugin-eks-pod-identity-common';
import { SnapshotView } from '../snapshot/SnapshotView';
import type { InventorySnapshot } from '../snapshot/types';
import { factsOf } from './facts';

const ROLE = 'arn:aws:iam::111111111111:role/orders-api';
const unused: Finding = {
  code: 'PERMISSIONS_UNUSED',
  severity: 'low',
  title: 'unused',
  detail: 'unused',
  remediation: 'narrow it',
  subject: { type: 'role', id: ROLE },
};

function viewOf(snapshot: Partial<InventorySnapshot>) {
  return new SnapshotView(
    {
      generation: 2,
      clusters: [],
      accounts: [
        {
          accountId: '111111111111',
          complete: true,
          mode: 'perRole',
          stale: false,
          scannedAt: '2026-12-03T10:00:00.000Z',
          lastGoodScanAt: '2026-12-03T10:00:00.000Z',
          roles: [],
          policies: [],
          notFoundRoleArns: [],
          unreadablePolicyArns: [],
        },
      ],
      entityMappings: [],
      lastAccessed: [
        { roleArn: ROLE, reportedAt: '2026-12-03T10:00:00.000Z' } as any,
      ],
      ...snapshot,
    },
    {
      findings: [unused],
      associationAccess: () => undefined,
      roleAccess: () => undefined,
    },
  );
}

const keysOf = (type: string, view: SnapshotView) =>
  factsOf(view)
    .filter(f => f.type === type)
    .map(f => f.key);

describe('factsOf', () => {
  it("names a finding's inputs, and counts an account's IAM as read only once a full scan ended", () => {
    const before = viewOf({});
    expect(keysOf('input', before)).toEqual([`last-accessed:${ROLE}`]);
    const after = viewOf({ lastFullScanAt: '2026-12-03T10:00:00.000Z' });
    expect(keysOf('input', after)).toEqual([
      'account:111111111111',
      `last-accessed:${ROLE}`,
    ]);
    expect(factsOf(after).find(f => f.type === 'finding')?.inputs).toEqual([
      'account:111111111111',
      `last-accessed:${ROLE}`,
    ]);
  });
});
