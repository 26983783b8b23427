import {
  account,
  association,
  cluster,
  CLUSTER,
  doc,
  healthyEstate,
  NOW,
  OTHER_ACCOUNT,
  roleArn,
  workloadRole,
} from './__testUtils__/inventory';
import { ActionCatalogue } from './catalogue/ActionCatalogue';
import { DefaultInventoryAnalyzer } from './DefaultInventoryAnalyzer';
import type { AnalysisInput, SimulationQuestion } from './types';

let catalogue: ActionCatalogue;

beforeAll(async () => {
  catalogue = await ActionCatalogue.load();
}, 60_000);

async function simulate(
  input: AnalysisInput,
  namespace: string,
  serviceAccount: string,
  question: SimulationQuestion,
) {
  const analysis = await new DefaultInventoryAnalyzer({
    catalogue,
    now: () => NOW,
  }).analyze(input);
  return analysis.simulate(
    { cluster: CLUSTER, namespace, serviceAccount },
    question,
  );
}

/** orders may read and write its bucket and create roles; the boundary denies iam:*. */
function estate() {
  const e = healthyEstate();
  e.role.inlinePolicies[0].document = doc(
    {
      Sid: 'Orders',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: 'arn:aws:s3:::orders/*',
    },
    { Sid: 'Roles', Effect: 'Allow', Action: 'iam:CreateRole', Resource: '*' },
  );
  return e;
}

describe('simulate', () => {
  it('allows what the role and its boundary allow, naming both statements', async () => {
    const result = await simulate(estate(), 'team-a', 'orders', {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::orders/2026/11/28/order-1001.json',
    });
    expect(result).toEqual({
      cluster: CLUSTER,
      namespace: 'team-a',
      serviceAccount: 'orders',
      roleArn: roleArn('orders'),
      decision: 'allowed',
      statements: [
        {
          policy: { kind: 'identity', name: 'data' },
          sid: 'Orders',
          index: 0,
          effect: 'Allow',
        },
        {
          policy: {
            kind: 'boundary',
            name: 'workload-boundary',
            arn: 'arn:aws:iam::111111111111:policy/workload-boundary',
          },
          sid: 'DataPlane',
          index: 0,
          effect: 'Allow',
        },
      ],
      explanation: expect.stringMatching(
        /^Allowed: s3:GetObject on arn:aws:s3:::orders\/2026/,
      ),
      missingContextKeys: [],
    });
  });

  it('reports the boundary’s explicit deny', async () => {
    const result = await simulate(estate(), 'team-a', 'orders', {
      action: 'iam:CreateRole',
      resource: 'arn:aws:iam::111111111111:role/anything',
    });
    expect(result).toMatchObject({
      decision: 'explicitDeny',
      statements: [
        { policy: { kind: 'boundary' }, sid: 'NoIam', effect: 'Deny' },
      ],
      explanation: expect.stringContaining(
        'statement "NoIam" of the permissions boundary',
      ),
    });
  });

  it('denies what the session policy leaves out', async () => {
    const e = estate();
    e.assoc.disableSessionTags = true;
    e.assoc.sessionPolicy = doc({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::orders/*',
    });
    const put = await simulate(e, 'team-a', 'orders', {
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::orders/x',
    });
    expect(put).toMatchObject({
      decision: 'implicitDeny',
      explanation: expect.stringContaining(
        "the association's session policy does not allow s3:PutObject",
      ),
    });
    const get = await simulate(e, 'team-a', 'orders', {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::orders/x',
    });
    expect(get?.decision).toBe('allowed');
  });

  it('resolves session tags for ABAC, keeps them out of the caller’s hands, and lists the keys it lacked', async () => {
    const e = estate();
    e.role.inlinePolicies[0].document = doc(
      {
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource:
          'arn:aws:s3:::cache/${aws:PrincipalTag/kubernetes-namespace}/*',
      },
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      },
    );
    const own = await simulate(e, 'team-a', 'orders', {
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::cache/team-a/deps.tgz',
    });
    expect(own?.decision).toBe('allowed');
    const other = await simulate(e, 'team-a', 'orders', {
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::cache/team-b/deps.tgz',
      context: { 'aws:PrincipalTag/kubernetes-namespace': 'team-b' },
    });
    expect(other?.decision).toBe('implicitDeny');

    const noIp = await simulate(e, 'team-a', 'orders', {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::x/y',
    });
    expect(noIp).toMatchObject({
      decision: 'implicitDeny',
      missingContextKeys: ['aws:SourceIp'],
    });
    const withIp = await simulate(e, 'team-a', 'orders', {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::x/y',
      context: { 'aws:SourceIp': '10.1.2.3' },
    });
    expect(withIp).toMatchObject({
      decision: 'allowed',
      missingContextKeys: [],
    });
  });

  it('evaluates the target role of a chained association, and says when it cannot', async () => {
    const e = estate();
    const target = {
      ...workloadRole('reader'),
      arn: roleArn('reader', OTHER_ACCOUNT),
      accountId: OTHER_ACCOUNT,
      permissionsBoundaryArn: undefined,
      inlinePolicies: [
        {
          name: 'stock',
          document: doc({
            Effect: 'Allow',
            Action: 'dynamodb:Query',
            Resource: 'arn:aws:dynamodb:eu-west-1:222222222222:table/stock',
          }),
        },
      ],
    };
    e.assoc.targetRoleArn = target.arn;
    e.accounts.push(account([target], [], { accountId: OTHER_ACCOUNT }));
    const query = {
      action: 'dynamodb:Query',
      resource: 'arn:aws:dynamodb:eu-west-1:222222222222:table/stock',
    };
    expect(await simulate(e, 'team-a', 'orders', query)).toMatchObject({
      roleArn: roleArn('orders'),
      targetRoleArn: target.arn,
      decision: 'allowed',
      statements: [{ policy: { kind: 'identity', name: 'stock' } }],
      explanation: expect.stringContaining(
        `Pods use the target role ${target.arn}`,
      ),
    });

    e.accounts.pop();
    expect(await simulate(e, 'team-a', 'orders', query)).toMatchObject({
      decision: 'implicitDeny',
      undetermined: true,
      explanation: expect.stringContaining(
        'no credentials for it under aws.accounts',
      ),
    });
  });

  it('answers for a missing role, an IRSA-only service account, and nothing for a service account without AWS access', async () => {
    const e = estate();
    const ghost = association('team-a', 'ghost', roleArn('ghost'));
    const irsaRole = workloadRole('legacy-irsa', {
      permissionsBoundaryArn: undefined,
    });
    e.clusters[0] = cluster([e.assoc, ghost]);
    e.clusters[0].serviceAccounts.push(
      {
        namespace: 'team-a',
        name: 'legacy',
        labels: {},
        annotations: {},
        irsaRoleArn: irsaRole.arn,
      },
      { namespace: 'team-a', name: 'plain', labels: {}, annotations: {} },
    );
    e.accounts[0].roles.push(irsaRole);
    const get = { action: 's3:GetObject', resource: 'arn:aws:s3:::orders/x' };
    expect(await simulate(e, 'team-a', 'ghost', get)).toMatchObject({
      decision: 'implicitDeny',
      explanation: expect.stringContaining(
        `role ${roleArn('ghost')} does not exist`,
      ),
    });
    expect(await simulate(e, 'team-a', 'legacy', get)).toMatchObject({
      roleArn: irsaRole.arn,
      decision: 'allowed',
      explanation: expect.stringMatching(/^Through IRSA/),
    });
    expect(await simulate(e, 'team-a', 'plain', get)).toBeUndefined();
  });

  it('warns when the pods get no credentials at all', async () => {
    const e = estate();
    e.clusters[0].agent = { installed: false, daemonSetPresent: false };
    const result = await simulate(e, 'team-a', 'orders', {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::orders/x',
    });
    expect(result?.decision).toBe('allowed');
    expect(result?.explanation).toMatch(/Note: AGENT_MISSING/);
  });
});
