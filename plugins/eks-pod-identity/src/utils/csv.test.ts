import type {
  Association,
  Finding,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { associationsToCsv } from './csv';

const finding = (
  code: Finding['code'],
  severity: Finding['severity'],
): Finding => ({
  code,
  severity,
  title: code,
  detail: '',
  remediation: '',
  subject: { type: 'association', id: 'a-1' },
});

const association: Association = {
  id: 'a-1',
  arn: 'arn:aws:eks:us-east-1:111111111111:podidentityassociation/prod-use1/a-1',
  cluster: 'prod-use1',
  namespace: 'team-orders',
  serviceAccount: 'orders-api',
  roleArn: 'arn:aws:iam::111111111111:role/orders-api',
  disableSessionTags: false,
  createdAt: '2026-11-01T00:00:00Z',
  modifiedAt: '2026-11-02T00:00:00Z',
  tags: {},
  mappedEntityRefs: [
    'component:default/orders-api',
    'component:default/orders-worker',
  ],
  owner: 'group:default/team-orders',
  findings: [
    finding('TRUST_UNSCOPED', 'low'),
    finding('ROLE_SHARED', 'medium'),
    finding('TRUST_UNSCOPED', 'low'),
  ],
};

describe('associationsToCsv', () => {
  it('writes a header and one row per association with the worst severity and distinct codes', () => {
    const [header, row, end] = associationsToCsv([association]).split('\r\n');
    expect(header.split(',')).toContain('worstSeverity');
    const cells = Object.fromEntries(
      header.split(',').map((name, i) => [name, row.split(',')[i]]),
    );
    expect(cells).toMatchObject({
      cluster: 'prod-use1',
      serviceAccount: 'orders-api',
      sessionTags: 'enabled',
      worstSeverity: 'medium',
      findings: 'ROLE_SHARED TRUST_UNSCOPED',
      owner: 'group:default/team-orders',
      mappedEntityRefs:
        'component:default/orders-api component:default/orders-worker',
    });
    expect(end).toBe('');
  });

  it('quotes commas and quotes, and defuses spreadsheet formulas', () => {
    const csv = associationsToCsv([
      { ...association, namespace: 'a,"b"', serviceAccount: '=HYPERLINK("x")' },
    ]);
    expect(csv).toContain(',"a,""b""",');
    expect(csv).toContain(`,"'=HYPERLINK(""x"")",`);
  });
});
