import { checkGuardrails, Guardrails, requiredBoundaryArn } from './guardrails';

const guardrails: Guardrails = {
  allowedClusters: ['prod-use1', 'dev-*'],
  allowedNamespaces: ['team-*'],
  roleNamePrefix: 'bs-',
  rolePath: '/backstage/',
  permissionsBoundaryArn: 'arn:aws:iam::{accountId}:policy/backstage-boundary',
  deniedPolicyArns: [
    'arn:aws:iam::aws:policy/AdministratorAccess',
    'arn:aws:iam::aws:policy/IAMFull*',
  ],
  requiredTags: ['owner'],
};

const compliant = {
  accountId: '111111111111',
  cluster: 'dev-eu1',
  namespace: 'team-payments',
  roleName: 'bs-payments-api',
  rolePath: '/backstage/',
  permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/backstage-boundary',
  managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
  tags: { owner: 'group:default/payments' },
};

describe('checkGuardrails', () => {
  it('accepts a compliant plan', () => {
    expect(checkGuardrails(compliant, guardrails)).toEqual([]);
  });

  it.each([
    [
      { cluster: 'prod-euw1' },
      'cluster',
      /not allowed by the platform guardrails: use one of "prod-use1", "dev-\*"/,
    ],
    [{ namespace: 'payments' }, 'namespace', /use one matching "team-\*"/],
    [
      { roleName: 'payments-api' },
      'roleName',
      /must start with "bs-".*e\.g\. "bs-payments-api"/,
    ],
    [{ rolePath: '/' }, 'rolePath', /require "\/backstage\/"/],
    [
      { permissionsBoundaryArn: undefined },
      'permissionsBoundaryArn',
      /required by the platform guardrails: set it to "arn:aws:iam::111111111111:policy\/backstage-boundary"/,
    ],
    [
      { permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/other' },
      'permissionsBoundaryArn',
      /is not allowed/,
    ],
    [
      { managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
      'managedPolicyArns',
      /is denied by the platform guardrails/,
    ],
    [
      { managedPolicyArns: ['arn:aws:iam::aws:policy/IAMFullAccess'] },
      'managedPolicyArns',
      /is denied/,
    ],
    [{ tags: {} }, 'tags', /"owner" is required/],
    [{ tags: { owner: '   ' } }, 'tags', /"owner" is required/],
    [
      {
        managedPolicyArns: ['arn:aws:iam::aws:policy/administratoraccess'],
      },
      'managedPolicyArns',
      /is denied/,
    ],
    [
      {
        managedPolicyArns: ['arn:aws:iam::aws:policy/./AdministratorAccess'],
      },
      'managedPolicyArns',
      /is denied/,
    ],
    [
      {
        managedPolicyArns: [
          'arn:aws:iam::aws:policy/x/..//AdministratorAccess',
        ],
      },
      'managedPolicyArns',
      /is denied/,
    ],
  ])('rejects %j', (change, field, message) => {
    const problems = checkGuardrails({ ...compliant, ...change }, guardrails);
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
    expect(problems[0].message).toMatch(message);
  });

  it('limits target accounts and trust scopes when configured', () => {
    const limited: Guardrails = {
      allowedTargetAccounts: ['333333333333'],
      allowedTrustScopes: ['service-account', 'cluster'],
    };
    expect(
      checkGuardrails(
        {
          targetRoleArn: 'arn:aws:iam::333333333333:role/reader',
          trustScope: 'cluster',
        },
        limited,
      ),
    ).toEqual([]);
    const problems = checkGuardrails(
      {
        targetRoleArn:
          'arn:aws:iam::999999999999:role/OrganizationAccountAccessRole',
        trustScope: 'none',
      },
      limited,
    );
    expect(problems.map(p => p.field)).toEqual(['targetRoleArn', 'trustScope']);
    expect(problems[0].message).toMatch(
      /account 999999999999, which the platform guardrails do not allow: use a role in "333333333333"/,
    );
    expect(problems[1].message).toMatch(
      /trustScope "none" is not allowed .*: use "service-account", "cluster"/,
    );
  });

  it('resolves {accountId} in the boundary ARN', () => {
    expect(requiredBoundaryArn(guardrails, '222222222222')).toBe(
      'arn:aws:iam::222222222222:policy/backstage-boundary',
    );
  });
});
