import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListRoles,
} from '@aws-sdk/client-iam';
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../types';
import {
  awsClients,
  errorOf,
  MAIN,
  OTHER,
  POD_IDENTITY_TRUST,
  READ_BUCKET,
  smallEstate,
} from '../../__testUtils__/aws';

const decode = (document: string | undefined) =>
  JSON.parse(decodeURIComponent(document!));
const json = (document: unknown) => JSON.stringify(document);
const managed = (name: string) => `arn:aws:iam::aws:policy/${name}`;

describe('IAM', () => {
  let sandbox: Sandbox;
  let iam: IAMClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: smallEstate() });
    iam = awsClients(sandbox).iam;
  });
  afterAll(() => sandbox.stop());

  /** `code` is the wire code IAM answers; the SDK names its exception class after it (NoSuchEntity → NoSuchEntityException). */
  async function expectError(
    call: Promise<unknown>,
    code: string,
    status: number,
    message?: RegExp,
  ) {
    const error = await errorOf(call);
    expect(error.Code).toBe(code);
    expect(error.name).toMatch(new RegExp(`^${code}(Exception)?$`));
    expect(error.$metadata.httpStatusCode).toBe(status);
    if (message) expect(error.message).toMatch(message);
    return error;
  }

  describe('roles', () => {
    it('creates a role and answers it from GetRole, documents URL-encoded', async () => {
      const created = await iam.send(
        new CreateRoleCommand({
          RoleName: 'svc-a',
          Path: '/teams/a/',
          AssumeRolePolicyDocument: json(POD_IDENTITY_TRUST),
          Description: 'service a',
          MaxSessionDuration: 7200,
          PermissionsBoundary: `arn:aws:iam::${MAIN}:policy/orders-read`,
          Tags: [{ Key: 'owner', Value: 'team-a' }],
        }),
      );
      expect(created.Role!.Arn).toBe(`arn:aws:iam::${MAIN}:role/teams/a/svc-a`);
      const { Role } = await iam.send(
        new GetRoleCommand({ RoleName: 'svc-a' }),
      );
      expect(Role).toMatchObject({
        RoleName: 'svc-a',
        Path: '/teams/a/',
        Arn: `arn:aws:iam::${MAIN}:role/teams/a/svc-a`,
        Description: 'service a',
        MaxSessionDuration: 7200,
        PermissionsBoundary: {
          PermissionsBoundaryType: 'Policy',
          PermissionsBoundaryArn: `arn:aws:iam::${MAIN}:policy/orders-read`,
        },
        Tags: [{ Key: 'owner', Value: 'team-a' }],
      });
      expect(Role!.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
      expect(Role!.CreateDate).toBeInstanceOf(Date);
      expect(Role!.AssumeRolePolicyDocument).toContain('%22');
      expect(decode(Role!.AssumeRolePolicyDocument)).toEqual(
        POD_IDENTITY_TRUST,
      );
      expect(Role!.RoleLastUsed?.LastUsedDate).toBeUndefined();
    });

    it('reports RoleLastUsed of a seeded role', async () => {
      const { Role } = await iam.send(
        new GetRoleCommand({ RoleName: 'orders-api' }),
      );
      expect(Role!.RoleLastUsed).toEqual({
        LastUsedDate: new Date('2026-01-02T03:04:05Z'),
        Region: 'us-east-1',
      });
    });

    it('answers EntityAlreadyExists (409) whatever the case of the name', async () => {
      await expectError(
        iam.send(
          new CreateRoleCommand({
            RoleName: 'ORDERS-API',
            AssumeRolePolicyDocument: json(POD_IDENTITY_TRUST),
          }),
        ),
        'EntityAlreadyExists',
        409,
      );
    });

    it.each([
      [{ RoleName: 'bad name!' }, /roleName/],
      [{ RoleName: 'x'.repeat(65) }, /roleName/],
      [{ RoleName: 'ok', Path: 'no-slashes' }, /path/],
      [{ RoleName: 'ok', MaxSessionDuration: 100 }, /maxSessionDuration/],
    ])('answers ValidationError (400) for %o', async (input, message) => {
      await expectError(
        iam.send(
          new CreateRoleCommand({
            AssumeRolePolicyDocument: json(POD_IDENTITY_TRUST),
            ...input,
          }),
        ),
        'ValidationError',
        400,
        message,
      );
    });

    it.each([
      ['not JSON', '{nope', /Syntax errors/],
      [
        'a trust policy without Principal',
        json({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }],
        }),
        /Principal/,
      ],
      [
        'an unknown Version',
        json({
          Version: '2020-01-01',
          Statement: [
            { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
          ],
        }),
        /legacy parsing/,
      ],
      [
        'a statement without Effect',
        json({
          Version: '2012-10-17',
          Statement: [{ Principal: '*', Action: 'sts:AssumeRole' }],
        }),
        /Effect/,
      ],
      ['no Statement', json({ Version: '2012-10-17' }), /Statement/],
    ])(
      'answers MalformedPolicyDocument (400) for %s',
      async (_what, document, message) => {
        await expectError(
          iam.send(
            new CreateRoleCommand({
              RoleName: 'malformed',
              AssumeRolePolicyDocument: document,
            }),
          ),
          'MalformedPolicyDocument',
          400,
          message,
        );
      },
    );

    it('answers NoSuchEntity (404) for a missing role or boundary policy', async () => {
      await expectError(
        iam.send(new GetRoleCommand({ RoleName: 'ghost' })),
        'NoSuchEntity',
        404,
        /ghost/,
      );
      await expectError(
        iam.send(
          new CreateRoleCommand({
            RoleName: 'bounded',
            AssumeRolePolicyDocument: json(POD_IDENTITY_TRUST),
            PermissionsBoundary: `arn:aws:iam::${MAIN}:policy/ghost`,
          }),
        ),
        'NoSuchEntity',
        404,
      );
    });

    it('lists roles by path prefix and pages them with Marker/IsTruncated, without tags or last use', async () => {
      const all = await iam.send(new ListRolesCommand({}));
      expect(all.IsTruncated).toBe(false);
      const names = all.Roles!.map(r => r.RoleName);
      expect(names).toEqual(
        expect.arrayContaining(['orders-api', 'ec2-only', 'backstage-reader']),
      );
      expect(names).not.toContain('data-target');
      const orders = all.Roles!.find(r => r.RoleName === 'orders-api')!;
      expect(orders.Tags).toBeUndefined();
      expect(orders.RoleLastUsed).toBeUndefined();
      expect(decode(orders.AssumeRolePolicyDocument)).toEqual(
        POD_IDENTITY_TRUST,
      );

      const first = await iam.send(new ListRolesCommand({ MaxItems: 2 }));
      expect(first.Roles).toHaveLength(2);
      expect(first.IsTruncated).toBe(true);
      const second = await iam.send(
        new ListRolesCommand({ MaxItems: 2, Marker: first.Marker }),
      );
      expect(second.Roles![0].RoleName).not.toBe(first.Roles![1].RoleName);

      const paged: string[] = [];
      for await (const page of paginateListRoles(
        { client: iam, pageSize: 1 },
        {},
      )) {
        paged.push(...page.Roles!.map(r => r.RoleName!));
      }
      expect(paged).toEqual(names);

      await iam.send(
        new CreateRoleCommand({
          RoleName: 'pathed',
          Path: '/platform/',
          AssumeRolePolicyDocument: json(POD_IDENTITY_TRUST),
        }),
      );
      const prefixed = await iam.send(
        new ListRolesCommand({ PathPrefix: '/platform/' }),
      );
      expect(prefixed.Roles!.map(r => r.RoleName)).toEqual(['pathed']);

      await expectError(
        iam.send(new ListRolesCommand({ MaxItems: 0 })),
        'ValidationError',
        400,
      );
      await expectError(
        iam.send(new ListRolesCommand({ MaxItems: 1001 })),
        'ValidationError',
        400,
      );
    });

    it('updates the trust policy', async () => {
      await iam.send(
        new CreateRoleCommand({
          RoleName: 'retrusted',
          AssumeRolePolicyDocument: json(POD_IDENTITY_TRUST),
        }),
      );
      const trust = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'ec2.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      };
      await iam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: 'retrusted',
          PolicyDocument: json(trust),
        }),
      );
      const { Role } = await iam.send(
        new GetRoleCommand({ RoleName: 'retrusted' }),
      );
      expect(decode(Role!.AssumeRolePolicyDocument)).toEqual(trust);
      await expectError(
        iam.send(
          new UpdateAssumeRolePolicyCommand({
            RoleName: 'retrusted',
            PolicyDocument: '[]',
          }),
        ),
        'MalformedPolicyDocument',
        400,
      );
    });

    it('tags and untags a role', async () => {
      await iam.send(
        new CreateRoleCommand({
          RoleName: 'tagged',
          AssumeRolePolicyDocument: json(POD_IDENTITY_TRUST),
        }),
      );
      await iam.send(
        new TagRoleCommand({
          RoleName: 'tagged',
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'b', Value: '2' },
          ],
        }),
      );
      await iam.send(
        new UntagRoleCommand({ RoleName: 'tagged', TagKeys: ['a'] }),
      );
      expect(
        (await iam.send(new GetRoleCommand({ RoleName: 'tagged' }))).Role!.Tags,
      ).toEqual([{ Key: 'b', Value: '2' }]);
      const tooMany = Array.from({ length: 51 }, (_, i) => ({
        Key: `k${i}`,
        Value: 'v',
      }));
      await expectError(
        iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: tooMany })),
        'LimitExceeded',
        409,
      );
    });

    it('puts and deletes a permissions boundary', async () => {
      await iam.send(
        new CreateRoleCommand({
          RoleName: 'boundary',
          AssumeRolePolicyDocument: json(POD_IDENTITY_TRUST),
        }),
      );
      await iam.send(
        new PutRolePermissionsBoundaryCommand({
          RoleName: 'boundary',
          PermissionsBoundary: managed('PowerUserAccess'),
        }),
      );
      expect(
        (await iam.send(new GetRoleCommand({ RoleName: 'boundary' }))).Role!
          .PermissionsBoundary!.PermissionsBoundaryArn,
      ).toBe(managed('PowerUserAccess'));
      await iam.send(
        new DeleteRolePermissionsBoundaryCommand({ RoleName: 'boundary' }),
      );
      expect(
        (await iam.send(new GetRoleCommand({ RoleName: 'boundary' }))).Role!
          .PermissionsBoundary,
      ).toBeUndefined();
      await expectError(
        iam.send(
          new PutRolePermissionsBoundaryCommand({
            RoleName: 'boundary',
            PermissionsBoundary: managed('Ghost'),
          }),
        ),
        'NoSuchEntity',
        404,
      );
    });

    it('refuses to delete a role that still has policies (DeleteConflict), then deletes it', async () => {
      await iam.send(
        new CreateRoleCommand({
          RoleName: 'doomed',
          AssumeRolePolicyDocument: json(POD_IDENTITY_TRUST),
        }),
      );
      await iam.send(
        new AttachRolePolicyCommand({
          RoleName: 'doomed',
          PolicyArn: managed('ReadOnlyAccess'),
        }),
      );
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: 'doomed',
          PolicyName: 'inline',
          PolicyDocument: json(READ_BUCKET),
        }),
      );
      await expectError(
        iam.send(new DeleteRoleCommand({ RoleName: 'doomed' })),
        'DeleteConflict',
        409,
        /detach/,
      );
      await iam.send(
        new DetachRolePolicyCommand({
          RoleName: 'doomed',
          PolicyArn: managed('ReadOnlyAccess'),
        }),
      );
      await expectError(
        iam.send(new DeleteRoleCommand({ RoleName: 'doomed' })),
        'DeleteConflict',
        409,
        /delete policies/,
      );
      await iam.send(
        new DeleteRolePolicyCommand({
          RoleName: 'doomed',
          PolicyName: 'inline',
        }),
      );
      await iam.send(new DeleteRoleCommand({ RoleName: 'doomed' }));
      await expectError(
        iam.send(new GetRoleCommand({ RoleName: 'doomed' })),
        'NoSuchEntity',
        404,
      );
    });
  });

  describe('role policies', () => {
    beforeAll(async () => {
      await iam.send(
        new CreateRoleCommand({
          RoleName: 'policy-holder',
          AssumeRolePolicyDocument: json(POD_IDENTITY_TRUST),
        }),
      );
    });

    it('attaches, lists and detaches managed policies, up to 10 per role', async () => {
      const arns = [
        'AdministratorAccess',
        'ReadOnlyAccess',
        'PowerUserAccess',
        'IAMFullAccess',
        'AmazonS3ReadOnlyAccess',
        'AmazonS3FullAccess',
        'AmazonDynamoDBReadOnlyAccess',
        'AmazonSQSFullAccess',
        'SecretsManagerReadWrite',
      ].map(managed);
      for (const PolicyArn of [
        ...arns,
        `arn:aws:iam::${MAIN}:policy/orders-read`,
      ]) {
        await iam.send(
          new AttachRolePolicyCommand({ RoleName: 'policy-holder', PolicyArn }),
        );
      }
      const listed = await iam.send(
        new ListAttachedRolePoliciesCommand({ RoleName: 'policy-holder' }),
      );
      expect(listed.AttachedPolicies).toHaveLength(10);
      expect(listed.AttachedPolicies).toContainEqual({
        PolicyName: 'orders-read',
        PolicyArn: `arn:aws:iam::${MAIN}:policy/orders-read`,
      });
      await expectError(
        iam.send(
          new AttachRolePolicyCommand({
            RoleName: 'policy-holder',
            PolicyArn: managed('AmazonEC2ReadOnlyAccess'),
          }),
        ),
        'LimitExceeded',
        409,
        /PoliciesPerRole: 10/,
      );
      const page = await iam.send(
        new ListAttachedRolePoliciesCommand({
          RoleName: 'policy-holder',
          MaxItems: 4,
        }),
      );
      expect(page.IsTruncated).toBe(true);
      expect(page.AttachedPolicies).toHaveLength(4);

      await iam.send(
        new DetachRolePolicyCommand({
          RoleName: 'policy-holder',
          PolicyArn: managed('AdministratorAccess'),
        }),
      );
      await expectError(
        iam.send(
          new DetachRolePolicyCommand({
            RoleName: 'policy-holder',
            PolicyArn: managed('AdministratorAccess'),
          }),
        ),
        'NoSuchEntity',
        404,
      );
      await expectError(
        iam.send(
          new AttachRolePolicyCommand({
            RoleName: 'policy-holder',
            PolicyArn: managed('NoSuchPolicy'),
          }),
        ),
        'NoSuchEntity',
        404,
      );
    });

    it('puts, gets, lists and deletes inline policies', async () => {
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: 'policy-holder',
          PolicyName: 'read',
          PolicyDocument: json(READ_BUCKET),
        }),
      );
      const got = await iam.send(
        new GetRolePolicyCommand({
          RoleName: 'policy-holder',
          PolicyName: 'read',
        }),
      );
      expect(got).toMatchObject({
        RoleName: 'policy-holder',
        PolicyName: 'read',
      });
      expect(decode(got.PolicyDocument)).toEqual(READ_BUCKET);
      expect(
        (
          await iam.send(
            new ListRolePoliciesCommand({ RoleName: 'policy-holder' }),
          )
        ).PolicyNames,
      ).toEqual(['read']);
      await iam.send(
        new DeleteRolePolicyCommand({
          RoleName: 'policy-holder',
          PolicyName: 'read',
        }),
      );
      await expectError(
        iam.send(
          new GetRolePolicyCommand({
            RoleName: 'policy-holder',
            PolicyName: 'read',
          }),
        ),
        'NoSuchEntity',
        404,
      );
      await expectError(
        iam.send(
          new DeleteRolePolicyCommand({
            RoleName: 'policy-holder',
            PolicyName: 'read',
          }),
        ),
        'NoSuchEntity',
        404,
      );
    });

    it.each([
      [
        'a Principal',
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' },
          ],
        },
        /principal/,
      ],
      [
        'no Resource',
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:*' }],
        },
        /Resource/,
      ],
      [
        'no Action',
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Resource: '*' }],
        },
        /actions/,
      ],
      [
        'an action without a vendor',
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'GetObject', Resource: '*' }],
        },
        /vendor/,
      ],
    ])(
      'answers MalformedPolicyDocument for an identity policy with %s',
      async (_what, document, message) => {
        await expectError(
          iam.send(
            new PutRolePolicyCommand({
              RoleName: 'policy-holder',
              PolicyName: 'bad',
              PolicyDocument: json(document),
            }),
          ),
          'MalformedPolicyDocument',
          400,
          message,
        );
      },
    );
  });

  describe('managed policies', () => {
    it('creates a policy and answers it from GetPolicy and GetPolicyVersion', async () => {
      const { Policy } = await iam.send(
        new CreatePolicyCommand({
          PolicyName: 'cp-1',
          Path: '/team/',
          PolicyDocument: json(READ_BUCKET),
          Description: 'reads',
        }),
      );
      expect(Policy).toMatchObject({
        PolicyName: 'cp-1',
        Arn: `arn:aws:iam::${MAIN}:policy/team/cp-1`,
        DefaultVersionId: 'v1',
        AttachmentCount: 0,
        IsAttachable: true,
      });
      expect(Policy!.PolicyId).toMatch(/^ANPA[A-Z0-9]{17}$/);
      const got = await iam.send(
        new GetPolicyCommand({ PolicyArn: Policy!.Arn }),
      );
      expect(got.Policy).toMatchObject({
        PolicyName: 'cp-1',
        Description: 'reads',
      });
      const { PolicyVersion } = await iam.send(
        new GetPolicyVersionCommand({
          PolicyArn: Policy!.Arn,
          VersionId: 'v1',
        }),
      );
      expect(PolicyVersion).toMatchObject({
        VersionId: 'v1',
        IsDefaultVersion: true,
      });
      expect(decode(PolicyVersion!.Document)).toEqual(READ_BUCKET);
      await expectError(
        iam.send(
          new GetPolicyVersionCommand({
            PolicyArn: Policy!.Arn,
            VersionId: 'v2',
          }),
        ),
        'NoSuchEntity',
        404,
      );
      await expectError(
        iam.send(
          new CreatePolicyCommand({
            PolicyName: 'cp-1',
            PolicyDocument: json(READ_BUCKET),
          }),
        ),
        'EntityAlreadyExists',
        409,
      );
    });

    it('serves the built-in AWS-managed policies with their documents', async () => {
      for (const name of [
        'AdministratorAccess',
        'ReadOnlyAccess',
        'PowerUserAccess',
        'IAMFullAccess',
        'AmazonS3ReadOnlyAccess',
        'AmazonS3FullAccess',
        'AmazonDynamoDBReadOnlyAccess',
        'AmazonSQSFullAccess',
        'SecretsManagerReadWrite',
      ]) {
        const { Policy } = await iam.send(
          new GetPolicyCommand({ PolicyArn: managed(name) }),
        );
        expect(Policy!.PolicyName).toBe(name);
        const { PolicyVersion } = await iam.send(
          new GetPolicyVersionCommand({
            PolicyArn: managed(name),
            VersionId: Policy!.DefaultVersionId,
          }),
        );
        expect(
          decode(PolicyVersion!.Document).Statement.length,
        ).toBeGreaterThan(0);
      }
      const admin = await iam.send(
        new GetPolicyVersionCommand({
          PolicyArn: managed('AdministratorAccess'),
          VersionId: 'v1',
        }),
      );
      expect(decode(admin.PolicyVersion!.Document).Statement).toEqual([
        { Effect: 'Allow', Action: '*', Resource: '*' },
      ]);
    });

    it('lists policies by scope and attachment', async () => {
      const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
      expect(
        local.Policies!.every(p => p.Arn!.startsWith(`arn:aws:iam::${MAIN}:`)),
      ).toBe(true);
      expect(local.Policies!.map(p => p.PolicyName)).toContain('orders-read');
      const aws = await iam.send(
        new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 1000 }),
      );
      expect(
        aws.Policies!.every(p => p.Arn!.startsWith('arn:aws:iam::aws:')),
      ).toBe(true);
      const all = await iam.send(new ListPoliciesCommand({ MaxItems: 1000 }));
      expect(all.Policies!.length).toBe(
        local.Policies!.length + aws.Policies!.length,
      );
      const attached = await iam.send(
        new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true }),
      );
      expect(
        attached.Policies!.find(p => p.PolicyName === 'orders-read')!
          .AttachmentCount,
      ).toBeGreaterThan(0);
      expect(attached.Policies!.map(p => p.PolicyName)).not.toContain('cp-1');
    });

    it('refuses to delete an attached policy, and deletes a free one', async () => {
      await expectError(
        iam.send(
          new DeletePolicyCommand({
            PolicyArn: `arn:aws:iam::${MAIN}:policy/orders-read`,
          }),
        ),
        'DeleteConflict',
        409,
      );
      const { Policy } = await iam.send(
        new CreatePolicyCommand({
          PolicyName: 'free',
          PolicyDocument: json(READ_BUCKET),
        }),
      );
      await iam.send(new DeletePolicyCommand({ PolicyArn: Policy!.Arn }));
      await expectError(
        iam.send(new GetPolicyCommand({ PolicyArn: Policy!.Arn })),
        'NoSuchEntity',
        404,
      );
    });
  });

  it('answers InvalidInput (400) for what IAM refuses outright', async () => {
    await expectError(
      iam.send(
        new DeletePolicyCommand({ PolicyArn: managed('ReadOnlyAccess') }),
      ),
      'InvalidInput',
      400,
    );
    await expectError(
      iam.send(
        new TagRoleCommand({
          RoleName: 'orders-api',
          Tags: [{ Key: 'aws:reserved', Value: 'x' }],
        }),
      ),
      'InvalidInput',
      400,
      /reserved/,
    );
  });

  describe('GetAccountAuthorizationDetails', () => {
    it('answers roles with their policies, and the policies in use with their versions', async () => {
      const details = await iam.send(
        new GetAccountAuthorizationDetailsCommand({}),
      );
      const orders = details.RoleDetailList!.find(
        r => r.RoleName === 'orders-api',
      )!;
      expect(decode(orders.AssumeRolePolicyDocument)).toEqual(
        POD_IDENTITY_TRUST,
      );
      expect(orders.AttachedManagedPolicies).toEqual([
        {
          PolicyName: 'orders-read',
          PolicyArn: `arn:aws:iam::${MAIN}:policy/orders-read`,
        },
      ]);
      expect(orders.RolePolicyList![0].PolicyName).toBe('queue');
      expect(
        decode(orders.RolePolicyList![0].PolicyDocument).Statement[0].Action,
      ).toBe('sqs:SendMessage');
      expect(orders.Tags).toEqual([{ Key: 'owner', Value: 'team-orders' }]);
      expect(orders.RoleLastUsed!.LastUsedDate).toEqual(
        new Date('2026-01-02T03:04:05Z'),
      );

      const customer = details.Policies!.find(
        p => p.PolicyName === 'orders-read',
      )!;
      expect(decode(customer.PolicyVersionList![0].Document)).toEqual(
        READ_BUCKET,
      );
      expect(customer.PolicyVersionList![0].IsDefaultVersion).toBe(true);
      const awsManagedShown = details
        .Policies!.filter(p => p.Arn!.startsWith('arn:aws:iam::aws:'))
        .map(p => p.PolicyName);
      // Only those attached in this account (the role tests above attach several).
      expect(awsManagedShown).not.toContain('CloudWatchAgentServerPolicy');
      expect(awsManagedShown).toContain('ReadOnlyAccess');
    });

    it('filters by entity type and pages across roles and policies', async () => {
      const rolesOnly = await iam.send(
        new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }),
      );
      expect(rolesOnly.Policies).toEqual([]);
      expect(rolesOnly.RoleDetailList!.length).toBeGreaterThan(3);
      const policiesOnly = await iam.send(
        new GetAccountAuthorizationDetailsCommand({
          Filter: ['LocalManagedPolicy'],
        }),
      );
      expect(policiesOnly.RoleDetailList).toEqual([]);
      expect(
        policiesOnly.Policies!.every(p =>
          p.Arn!.startsWith(`arn:aws:iam::${MAIN}:`),
        ),
      ).toBe(true);

      const whole = await iam.send(
        new GetAccountAuthorizationDetailsCommand({ MaxItems: 1000 }),
      );
      let pages = 0;
      const roles: string[] = [];
      const policies: string[] = [];
      for await (const page of paginateGetAccountAuthorizationDetails(
        { client: iam, pageSize: 3 },
        {},
      )) {
        pages++;
        roles.push(...page.RoleDetailList!.map(r => r.RoleName!));
        policies.push(...page.Policies!.map(p => p.Arn!));
      }
      expect(pages).toBeGreaterThan(1);
      expect(roles).toEqual(whole.RoleDetailList!.map(r => r.RoleName));
      expect(policies).toEqual(whole.Policies!.map(p => p.Arn));
    });
  });

  it('keeps each account’s IAM to itself', async () => {
    const other = awsClients(sandbox, OTHER).iam;
    await expectError(
      other.send(new GetRoleCommand({ RoleName: 'orders-api' })),
      'NoSuchEntity',
      404,
    );
    const { Roles } = await other.send(new ListRolesCommand({}));
    expect(Roles!.map(r => r.RoleName).sort()).toEqual([
      'backstage-reader',
      'data-target',
    ]);
    await expectError(
      other.send(
        new GetPolicyCommand({
          PolicyArn: `arn:aws:iam::${MAIN}:policy/orders-read`,
        }),
      ),
      'NoSuchEntity',
      404,
    );
  });
});
