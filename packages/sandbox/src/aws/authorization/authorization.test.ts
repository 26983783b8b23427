/*
 * Probes of the sandbox's authorization through the real AWS SDK clients:
 * what AWS refuses, the sandbox refuses, with each service's error shape.
 */
import {
  DescribeClusterCommand,
  ListClustersCommand,
} from '@aws-sdk/client-eks';
import {
  CreatePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
} from '@aws-sdk/client-sts';
import { startSandbox } from '../../sandbox';
import type { PolicyDocument, Sandbox } from '../../types';
import {
  awsClients,
  errorOf,
  MAIN,
  OTHER,
  smallEstate,
} from '../../__testUtils__/aws';

const trusting = (
  principal: unknown,
  condition?: Record<string, Record<string, unknown>>,
): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: principal,
      Action: 'sts:AssumeRole',
      ...(condition && { Condition: condition }),
    },
  ],
});

const allow = (action: string | string[], resource = '*'): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: resource }],
});

describe('authorization', () => {
  let sandbox: Sandbox;
  let counter = 0;

  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: smallEstate(),
      consistencyDelayMs: 0,
    });
  });
  afterAll(() => sandbox.stop());

  /** A fresh role made by the account's administrator keys. */
  async function createRole(
    trust: PolicyDocument,
    options: { account?: string; boundary?: string } = {},
  ): Promise<{ name: string; arn: string }> {
    const name = `probe-${++counter}`;
    const { Role } = await awsClients(
      sandbox,
      options.account ?? MAIN,
    ).iam.send(
      new CreateRoleCommand({
        RoleName: name,
        AssumeRolePolicyDocument: JSON.stringify(trust),
        PermissionsBoundary: options.boundary,
      }),
    );
    return { name, arn: Role!.Arn! };
  }

  async function assumeAs(
    roleArn: string,
    caller: string | Parameters<typeof awsClients>[1] = MAIN,
    extra: { ExternalId?: string; Policy?: string } = {},
  ) {
    const { Credentials } = await awsClients(sandbox, caller).sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'probe',
        ...extra,
      }),
    );
    return {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    };
  }

  const putPolicy = (
    roleName: string,
    document: PolicyDocument,
    account = MAIN,
  ) =>
    awsClients(sandbox, account).iam.send(
      new PutRolePolicyCommand({
        RoleName: roleName,
        PolicyName: 'probe',
        PolicyDocument: JSON.stringify(document),
      }),
    );

  describe('unknown access keys', () => {
    const stranger = {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'x',
    };

    it('are refused by EKS (UnrecognizedClientException), IAM and STS (InvalidClientTokenId)', async () => {
      const clients = awsClients(sandbox, stranger);
      const eks = await errorOf(clients.eks.send(new ListClustersCommand({})));
      expect(eks.name).toBe('UnrecognizedClientException');
      expect(eks.$metadata.httpStatusCode).toBe(403);
      const iam = await errorOf(clients.iam.send(new ListRolesCommand({})));
      expect(iam.name).toBe('InvalidClientTokenId');
      const sts = await errorOf(
        clients.sts.send(new GetCallerIdentityCommand({})),
      );
      expect(sts.name).toBe('InvalidClientTokenId');
    });
  });

  describe('identity policies', () => {
    it('deny a role with no policy eks:ListClusters, allow it once a policy grants it, and still deny eks:DescribeCluster', async () => {
      const role = await createRole(
        trusting({ AWS: `arn:aws:iam::${MAIN}:root` }),
      );
      const session = await assumeAs(role.arn);
      const { eks } = awsClients(sandbox, session);

      const denied = await errorOf(eks.send(new ListClustersCommand({})));
      expect(denied.name).toBe('AccessDeniedException');
      expect(denied.$metadata.httpStatusCode).toBe(403);
      expect(denied.message).toBe(
        `User: arn:aws:sts::${MAIN}:assumed-role/${role.name}/probe is not authorized to perform: eks:ListClusters on resource: arn:aws:eks:us-east-1:${MAIN}:cluster/* because no identity-based policy allows the eks:ListClusters action`,
      );

      await putPolicy(role.name, allow('eks:ListClusters'));
      expect((await eks.send(new ListClustersCommand({}))).clusters).toContain(
        'prod',
      );

      const describe = await errorOf(
        eks.send(new DescribeClusterCommand({ name: 'prod' })),
      );
      expect(describe.name).toBe('AccessDeniedException');
      expect(describe.message).toContain(
        `eks:DescribeCluster on resource: arn:aws:eks:us-east-1:${MAIN}:cluster/prod`,
      );
    });

    it('answer IAM denials as AccessDenied naming the role resource', async () => {
      const role = await createRole(
        trusting({ AWS: `arn:aws:iam::${MAIN}:root` }),
      );
      const { iam } = awsClients(sandbox, await assumeAs(role.arn));
      const error = await errorOf(
        iam.send(new GetRoleCommand({ RoleName: 'orders-api' })),
      );
      expect(error.name).toBe('AccessDenied');
      expect(error.$metadata.httpStatusCode).toBe(403);
      expect(error.message).toContain(
        `iam:GetRole on resource: arn:aws:iam::${MAIN}:role/orders-api because no identity-based policy allows the iam:GetRole action`,
      );
    });

    it('hold a role to its permissions boundary and an explicit deny', async () => {
      await awsClients(sandbox).iam.send(
        new CreatePolicyCommand({
          PolicyName: 'probe-boundary',
          PolicyDocument: JSON.stringify(allow('eks:ListClusters')),
        }),
      );
      const role = await createRole(
        trusting({ AWS: `arn:aws:iam::${MAIN}:root` }),
        {
          boundary: `arn:aws:iam::${MAIN}:policy/probe-boundary`,
        },
      );
      await putPolicy(role.name, {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'eks:*', Resource: '*' },
          { Effect: 'Deny', Action: 'iam:ListRoles', Resource: '*' },
          { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' },
        ],
      });
      const clients = awsClients(sandbox, await assumeAs(role.arn));
      await clients.eks.send(new ListClustersCommand({}));
      const outside = await errorOf(
        clients.eks.send(new DescribeClusterCommand({ name: 'prod' })),
      );
      expect(outside.message).toContain(
        'because no permissions boundary allows the eks:DescribeCluster action',
      );
      const denied = await errorOf(clients.iam.send(new ListRolesCommand({})));
      expect(denied.message).toContain(
        'with an explicit deny in an identity-based policy',
      );
    });

    it('narrow a session to the AssumeRole session policy', async () => {
      const role = await createRole(
        trusting({ AWS: `arn:aws:iam::${MAIN}:root` }),
      );
      await putPolicy(
        role.name,
        allow(['eks:ListClusters', 'eks:DescribeCluster']),
      );
      const session = await assumeAs(role.arn, MAIN, {
        Policy: JSON.stringify(allow('eks:ListClusters')),
      });
      const { eks } = awsClients(sandbox, session);
      await eks.send(new ListClustersCommand({}));
      const error = await errorOf(
        eks.send(new DescribeClusterCommand({ name: 'prod' })),
      );
      expect(error.message).toContain('because no session policy allows');
    });
  });

  describe('AssumeRole and trust policies', () => {
    it('refuses a caller the trust does not name (a key of 111111111111 for a Pod Identity role of 222222222222)', async () => {
      const role = await createRole(
        trusting({ Service: 'pods.eks.amazonaws.com' }),
        { account: OTHER },
      );
      const error = await errorOf(assumeAs(role.arn, MAIN));
      expect(error.name).toBe('AccessDenied');
      expect(error.$metadata.httpStatusCode).toBe(403);
      expect(error.message).toBe(
        `User: arn:aws:iam::${MAIN}:user/sandbox is not authorized to perform: sts:AssumeRole on resource: ${role.arn}`,
      );
    });

    it('lets a role named in the trust in, in its own account, without an identity policy', async () => {
      const caller = await createRole(
        trusting({ AWS: `arn:aws:iam::${MAIN}:root` }),
      );
      const target = await createRole(trusting({ AWS: caller.arn }));
      const session = await assumeAs(caller.arn);
      await expect(assumeAs(target.arn, session)).resolves.toBeDefined();
    });

    it('needs the caller’s identity policy too when the trust names only the account, or across accounts', async () => {
      const caller = await createRole(
        trusting({ AWS: `arn:aws:iam::${MAIN}:root` }),
      );
      const sameAccount = await createRole(
        trusting({ AWS: `arn:aws:iam::${MAIN}:root` }),
      );
      const crossAccount = await createRole(trusting({ AWS: caller.arn }), {
        account: OTHER,
      });
      const session = await assumeAs(caller.arn);
      for (const target of [sameAccount, crossAccount]) {
        expect((await errorOf(assumeAs(target.arn, session))).name).toBe(
          'AccessDenied',
        );
      }
      await putPolicy(caller.name, allow('sts:AssumeRole'));
      const renewed = await assumeAs(caller.arn);
      for (const target of [sameAccount, crossAccount]) {
        await expect(assumeAs(target.arn, renewed)).resolves.toBeDefined();
      }
    });

    it('honours sts:ExternalId, aws:PrincipalArn and aws:SourceAccount conditions', async () => {
      const withExternalId = await createRole(
        trusting(
          { AWS: `arn:aws:iam::${MAIN}:root` },
          { StringEquals: { 'sts:ExternalId': 'shared-secret' } },
        ),
      );
      expect((await errorOf(assumeAs(withExternalId.arn))).name).toBe(
        'AccessDenied',
      );
      expect(
        (
          await errorOf(
            assumeAs(withExternalId.arn, MAIN, { ExternalId: 'wrong' }),
          )
        ).name,
      ).toBe('AccessDenied');
      await assumeAs(withExternalId.arn, MAIN, { ExternalId: 'shared-secret' });

      const caller = await createRole(
        trusting({ AWS: `arn:aws:iam::${MAIN}:root` }),
      );
      await putPolicy(caller.name, allow('sts:AssumeRole'));
      const byPrincipalArn = await createRole(
        trusting(
          { AWS: `arn:aws:iam::${MAIN}:root` },
          { ArnEquals: { 'aws:PrincipalArn': caller.arn } },
        ),
      );
      expect((await errorOf(assumeAs(byPrincipalArn.arn, MAIN))).name).toBe(
        'AccessDenied',
      );
      await assumeAs(byPrincipalArn.arn, await assumeAs(caller.arn));

      // Only an AWS service acting for an account sends aws:SourceAccount.
      const bySourceAccount = await createRole(
        trusting(
          { AWS: `arn:aws:iam::${MAIN}:root` },
          { StringEquals: { 'aws:SourceAccount': MAIN } },
        ),
      );
      expect((await errorOf(assumeAs(bySourceAccount.arn))).name).toBe(
        'AccessDenied',
      );
    });
  });

  describe('principals in trust policies', () => {
    it('refuses a trust naming a role that does not exist (MalformedPolicyDocument), on create and update', async () => {
      const ghost = `arn:aws:iam::${MAIN}:role/ghost`;
      const created = await errorOf(createRole(trusting({ AWS: ghost })));
      expect(created.name).toBe('MalformedPolicyDocumentException');
      expect(created.$metadata.httpStatusCode).toBe(400);
      expect(created.message).toBe(
        `Invalid principal in policy: "AWS":"${ghost}"`,
      );

      const role = await createRole(
        trusting({ AWS: `arn:aws:iam::${MAIN}:root` }),
      );
      const updated = await errorOf(
        awsClients(sandbox).iam.send(
          new UpdateAssumeRolePolicyCommand({
            RoleName: role.name,
            PolicyDocument: JSON.stringify(trusting({ AWS: ghost })),
          }),
        ),
      );
      expect(updated.name).toBe('MalformedPolicyDocumentException');
    });

    it('shows a deleted principal as its unique id, which a new role of the same name does not match', async () => {
      const principal = await createRole(
        trusting({ AWS: `arn:aws:iam::${MAIN}:root` }),
      );
      const { iam } = awsClients(sandbox);
      const { Role: before } = await iam.send(
        new GetRoleCommand({ RoleName: principal.name }),
      );
      const target = await createRole(trusting({ AWS: principal.arn }));
      await iam.send(new DeleteRoleCommand({ RoleName: principal.name }));

      const { Role } = await iam.send(
        new GetRoleCommand({ RoleName: target.name }),
      );
      const trust = JSON.parse(
        decodeURIComponent(Role!.AssumeRolePolicyDocument!),
      );
      expect(trust.Statement[0].Principal.AWS).toBe(before!.RoleId);
      expect(before!.RoleId).toMatch(/^AROA/);

      const reborn = await awsClients(sandbox).iam.send(
        new CreateRoleCommand({
          RoleName: principal.name,
          AssumeRolePolicyDocument: JSON.stringify(
            trusting({ AWS: `arn:aws:iam::${MAIN}:root` }),
          ),
        }),
      );
      expect(reborn.Role!.Arn).toBe(principal.arn);
      const error = await errorOf(
        assumeAs(target.arn, await assumeAs(principal.arn)),
      );
      expect(error.name).toBe('AccessDenied');
    });
  });
});

describe('authorization off', () => {
  it('lets any caller do anything, as the sandbox did before', async () => {
    const sandbox = await startSandbox({
      seed: smallEstate(),
      authorization: false,
      consistencyDelayMs: 0,
    });
    try {
      const { Role } = await awsClients(sandbox).iam.send(
        new CreateRoleCommand({
          RoleName: 'no-policy',
          AssumeRolePolicyDocument: JSON.stringify(
            trusting({ Service: 'pods.eks.amazonaws.com' }),
          ),
        }),
      );
      const { Credentials } = await awsClients(sandbox).sts.send(
        new AssumeRoleCommand({
          RoleArn: Role!.Arn!,
          RoleSessionName: 'session',
        }),
      );
      const { eks } = awsClients(sandbox, {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      });
      expect(
        (await eks.send(new DescribeClusterCommand({ name: 'prod' }))).cluster!
          .name,
      ).toBe('prod');
    } finally {
      await sandbox.stop();
    }
  });
});
