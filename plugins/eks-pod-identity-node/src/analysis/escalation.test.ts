import {
  ESCALATION_METHODS,
  FindingCode,
  PolicyDocument,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { doc, healthyEstate, NOW } from './__testUtils__/inventory';
import { ActionCatalogue } from './catalogue/ActionCatalogue';
import { isWholeResourceType } from './findings/escalationFindings';
import { DefaultInventoryAnalyzer } from './DefaultInventoryAnalyzer';

let catalogue: ActionCatalogue;

beforeAll(async () => {
  catalogue = await ActionCatalogue.load();
}, 60_000);

/** The healthy estate's role with one more inline policy, with or without its boundary. */
async function findingsFor(
  document: PolicyDocument,
  options: { boundary?: boolean } = {},
) {
  const estate = healthyEstate();
  estate.role.inlinePolicies.push({ name: 'extra', document });
  if (!options.boundary) delete estate.role.permissionsBoundaryArn;
  const analysis = await new DefaultInventoryAnalyzer({
    catalogue,
    now: () => NOW,
  }).analyze(estate);
  return analysis.findings.filter(f => f.subject.id === estate.role.arn);
}

const allow = (Action: string | string[], Resource: string | string[] = '*') =>
  doc({ Sid: 'Extra', Effect: 'Allow', Action, Resource });

const codeOf = (risk: string): FindingCode =>
  risk === 'privilege-escalation'
    ? 'POLICY_PRIVILEGE_ESCALATION'
    : 'POLICY_LATERAL_MOVEMENT';

describe('escalation and lateral-movement methods', () => {
  it('name only actions of the IAM action catalogue, spelled as AWS does', () => {
    const actions = [...new Set(ESCALATION_METHODS.flatMap(m => m.actions))];
    expect(actions.filter(a => catalogue.get(a)?.name !== a)).toEqual([]);
  });

  describe.each(ESCALATION_METHODS.map(method => [method.name, method]))(
    '%s',
    (_name, method) => {
      const code = codeOf(method.risk);
      const names = (findings: Awaited<ReturnType<typeof findingsFor>>) =>
        findings
          .filter(f => f.code === code)
          .map(f => f.detail)
          .join('\n');

      it(`raises ${code} when the role holds every action`, async () => {
        const findings = await findingsFor(allow([...method.actions]));
        expect(names(findings)).toContain(`${method.name} (`);
        expect(names(findings)).toContain(
          'statement "Extra" of inline policy "extra"',
        );
      });

      it('stays quiet when the first action is limited to one named resource', async () => {
        const [pivot, ...rest] = method.actions;
        const service = pivot.split(':')[0];
        const findings = await findingsFor(
          doc(
            {
              Effect: 'Allow',
              Action: pivot,
              Resource: `arn:aws:${service}:us-east-1:111111111111:thing/one`,
            },
            ...(rest.length
              ? [{ Effect: 'Allow' as const, Action: rest, Resource: '*' }]
              : []),
          ),
        );
        expect(names(findings)).not.toContain(`${method.name} (`);
      });

      if (method.actions.length > 1) {
        it('stays quiet when one of its actions is missing', async () => {
          const findings = await findingsFor(
            allow(method.actions.slice(0, -1)),
          );
          expect(names(findings)).not.toContain(`${method.name} (`);
        });
      }
    },
  );
});

describe('the grants of the self-service audit', () => {
  it.each<[string, PolicyDocument, FindingCode, RegExp]>([
    [
      'sts:AssumeRole on *',
      allow('sts:AssumeRole'),
      'POLICY_LATERAL_MOVEMENT',
      /AssumeAnyRole \(sts:AssumeRole on \*/,
    ],
    [
      'lambda:UpdateFunctionCode',
      allow('lambda:UpdateFunctionCode'),
      'POLICY_PRIVILEGE_ESCALATION',
      /EditExistingLambdaFunctionWithRole/,
    ],
    [
      'ssm:SendCommand',
      allow('ssm:SendCommand'),
      'POLICY_LATERAL_MOVEMENT',
      /SsmSendCommand/,
    ],
    [
      'ssm:StartSession',
      allow('ssm:StartSession'),
      'POLICY_LATERAL_MOVEMENT',
      /SsmStartSession/,
    ],
    [
      'eks:*',
      allow('eks:*'),
      'POLICY_PRIVILEGE_ESCALATION',
      /CreateEksAccessEntry .*AssociateEksAccessPolicy/,
    ],
    [
      'eks:CreateAccessEntry',
      allow('eks:CreateAccessEntry'),
      'POLICY_PRIVILEGE_ESCALATION',
      /CreateEksAccessEntry/,
    ],
    [
      'eks:AssociateAccessPolicy',
      allow('eks:AssociateAccessPolicy'),
      'POLICY_PRIVILEGE_ESCALATION',
      /AssociateEksAccessPolicy/,
    ],
    [
      'iam:TagRole',
      allow('iam:TagRole'),
      'POLICY_PRIVILEGE_ESCALATION',
      /TagRole/,
    ],
    [
      'iam:UntagRole',
      allow('iam:UntagRole'),
      'POLICY_PRIVILEGE_ESCALATION',
      /UntagRole/,
    ],
    [
      'iam:DeleteRolePolicy',
      allow('iam:DeleteRolePolicy'),
      'POLICY_PRIVILEGE_ESCALATION',
      /DeleteRolePolicy/,
    ],
    [
      'iam:DetachRolePolicy',
      allow('iam:DetachRolePolicy'),
      'POLICY_PRIVILEGE_ESCALATION',
      /DetachRolePolicy/,
    ],
    [
      'iam:UpdateRole',
      allow('iam:UpdateRole'),
      'POLICY_PRIVILEGE_ESCALATION',
      /UpdateRole/,
    ],
    [
      'cloudformation:*',
      allow('cloudformation:*'),
      'POLICY_PRIVILEGE_ESCALATION',
      /ExecuteCloudFormationChangeSet/,
    ],
    [
      'glue:UpdateDevEndpoint',
      allow('glue:UpdateDevEndpoint'),
      'POLICY_PRIVILEGE_ESCALATION',
      /UpdateExistingGlueDevEndpoint/,
    ],
    [
      'iam:PassRole + lambda',
      allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']),
      'POLICY_PRIVILEGE_ESCALATION',
      /PassExistingRoleToNewLambdaThenInvoke/,
    ],
    [
      'iam:PassRole + ec2:RunInstances',
      allow(['iam:PassRole', 'ec2:RunInstances']),
      'POLICY_PRIVILEGE_ESCALATION',
      /CreateEC2WithExistingIP/,
    ],
    [
      'iam:PassRole + glue:CreateDevEndpoint',
      allow(['iam:PassRole', 'glue:CreateDevEndpoint']),
      'POLICY_PRIVILEGE_ESCALATION',
      /PassExistingRoleToNewGlueDevEndpoint/,
    ],
    [
      'a wildcard with a case trick (IAM:pass*)',
      allow(['IAM:pass*', 'EC2:RunInstances']),
      'POLICY_PRIVILEGE_ESCALATION',
      /CreateEC2WithExistingIP/,
    ],
    [
      'Allow with NotAction',
      doc({ Sid: 'Extra', Effect: 'Allow', NotAction: 's3:*', Resource: '*' }),
      'POLICY_PRIVILEGE_ESCALATION',
      /CreateAccessKey .* and \d+ more/,
    ],
    [
      'iam:PassRole on every role of an account',
      doc(
        {
          Sid: 'Extra',
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: 'arn:aws:iam::111111111111:role/*',
        },
        { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
      ),
      'POLICY_PRIVILEGE_ESCALATION',
      /iam:PassRole on arn:aws:iam::111111111111:role\/\*/,
    ],
    [
      'resource exposure: s3:PutBucketPolicy on *',
      allow('s3:PutBucketPolicy'),
      'POLICY_LATERAL_MOVEMENT',
      /ResourceExposure \(s3:PutBucketPolicy/,
    ],
    [
      'resource exposure: kms:CreateGrant on every key',
      allow('kms:CreateGrant', 'arn:aws:kms:us-east-1:111111111111:key/*'),
      'POLICY_LATERAL_MOVEMENT',
      /ResourceExposure \(kms:CreateGrant/,
    ],
    [
      'credentials exposure: ec2:GetPasswordData',
      allow('ec2:GetPasswordData'),
      'POLICY_LATERAL_MOVEMENT',
      /CredentialsExposure:ec2:GetPasswordData/,
    ],
  ])('%s', async (_what, document, code, detail) => {
    const findings = await findingsFor(document);
    const found = findings.filter(f => f.code === code);
    expect(found).toHaveLength(1);
    expect(found[0].detail).toMatch(detail);
  });

  it.each<[string, PolicyDocument]>([
    [
      'sts:AssumeRole on one named role',
      allow(
        'sts:AssumeRole',
        'arn:aws:iam::333333333333:role/inventory-reader',
      ),
    ],
    [
      'lambda:UpdateFunctionCode on its own function',
      allow(
        'lambda:UpdateFunctionCode',
        'arn:aws:lambda:us-east-1:111111111111:function:orders',
      ),
    ],
    ['iam:PassRole alone', allow('iam:PassRole')],
    [
      'ecr:GetAuthorizationToken (a token with its own permissions)',
      allow('ecr:GetAuthorizationToken'),
    ],
    [
      's3:PutBucketPolicy on its own bucket',
      allow('s3:PutBucketPolicy', 'arn:aws:s3:::orders'),
    ],
  ])('nothing for %s', async (_what, document) => {
    const codes = (await findingsFor(document)).map(f => f.code);
    expect(codes).not.toContain('POLICY_PRIVILEGE_ESCALATION');
    expect(codes).not.toContain('POLICY_LATERAL_MOVEMENT');
  });

  it('judges effective access: a boundary that does not allow the actions stops both', async () => {
    const document = allow([
      'sts:AssumeRole',
      'iam:PassRole',
      'ec2:RunInstances',
      'ssm:SendCommand',
    ]);
    // The test boundary allows sts:AssumeRole on *, and nothing of IAM, EC2 or SSM.
    const bounded = await findingsFor(document, { boundary: true });
    expect(bounded.map(f => f.code)).toContain('POLICY_LATERAL_MOVEMENT');
    expect(bounded.map(f => f.code)).not.toContain(
      'POLICY_PRIVILEGE_ESCALATION',
    );
    expect(
      bounded.find(f => f.code === 'POLICY_LATERAL_MOVEMENT')!.detail,
    ).not.toMatch(/SsmSendCommand/);
  });
});

describe('isWholeResourceType', () => {
  it.each([
    ['*', true],
    ['arn:aws:iam::111111111111:role/*', true],
    ['arn:aws:lambda:*:*:function:*', true],
    ['arn:aws:iam::111111111111:role/backstage/*', false],
    ['arn:aws:lambda:us-east-1:111111111111:function:orders', false],
    ['arn:aws:s3:::*', true],
    ['arn:aws:s3:::orders-data/*', false],
  ])('%s → %s', (pattern, whole) => {
    expect(isWholeResourceType(pattern)).toBe(whole);
  });
});

describe('an action on a resource it cannot act on', () => {
  it('does not count: "*" on one bucket is no sts:AssumeRole', async () => {
    const codes = (
      await findingsFor(allow('*', 'arn:aws:s3:::orders-data/*'))
    ).map(f => f.code);
    expect(codes).toContain('POLICY_WILDCARD_ACTION');
    expect(codes).not.toContain('POLICY_LATERAL_MOVEMENT');
  });
});
