import { startSandbox, Sandbox } from '@pod-identity/sandbox';
import { sandboxConfig } from '../__testUtils__/sandbox';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  podIdentityTrust,
  testEstate,
} from '../__testUtils__/testEstate';
import { AwsClientFactory } from './AwsClientFactory';
import { DefaultEksGateway } from './EksGateway';
import { DefaultIamGateway } from './IamGateway';
import { DefaultStsGateway } from './StsGateway';

// Each test drives a real sandbox over HTTP; a busy CI machine needs room.
jest.setTimeout(30_000);

describe('AWS gateways against the sandbox', () => {
  let sandbox: Sandbox;
  let clients: AwsClientFactory;
  let eks: DefaultEksGateway;
  let iam: DefaultIamGateway;

  beforeAll(async () => {
    // The gateways' own mechanics over any role or association: administrator
    // keys, and no provisioned identities in the listings compared here.
    sandbox = await startSandbox({
      seed: testEstate(),
      backendIdentities: false,
    });
    clients = AwsClientFactory.fromConfig(
      sandboxConfig(sandbox, {}, { administrator: true }),
    );
    eks = new DefaultEksGateway(clients);
    iam = new DefaultIamGateway(clients);
  });

  afterAll(async () => {
    await clients.destroy();
    await sandbox.stop();
  });

  const alpha = { accountId: ACCOUNT_A, region: 'us-east-1', name: 'alpha' };

  describe('EKS', () => {
    it('lists and describes clusters per account and region', async () => {
      expect(await eks.listClusters(ACCOUNT_A, 'us-east-1')).toEqual(['alpha']);
      expect(await eks.listClusters(ACCOUNT_A, 'eu-west-1')).toEqual(['beta']);
      expect(await eks.listClusters(ACCOUNT_B, 'us-east-1')).toEqual(['gamma']);
      expect(await eks.listClusters(ACCOUNT_B, 'eu-west-1')).toEqual([]);

      const described = await eks.describeCluster(alpha);
      expect(described).toMatchObject({
        name: 'alpha',
        arn: `arn:aws:eks:us-east-1:${ACCOUNT_A}:cluster/alpha`,
        endpoint: sandbox.kubernetesUrl('alpha', ACCOUNT_A),
        version: '1.31',
        status: 'ACTIVE',
        autoMode: false,
        oidcIssuer: expect.stringMatching(
          /^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/,
        ),
        tags: { env: 'prod' },
      });
      expect(
        Buffer.from(described.certificateAuthorityData!, 'base64').toString(),
      ).toBe(sandbox.kubernetesCaPem);
      expect(
        (
          await eks.describeCluster({
            ...alpha,
            region: 'eu-west-1',
            name: 'beta',
          })
        ).autoMode,
      ).toBe(true);
    });

    it('describes the agent add-on, and answers undefined when it is absent', async () => {
      expect(await eks.listAddons(alpha)).toEqual(['eks-pod-identity-agent']);
      expect(await eks.describeAddon(alpha, 'eks-pod-identity-agent')).toEqual({
        name: 'eks-pod-identity-agent',
        status: 'ACTIVE',
        version: 'v1.3.8-eksbuild.1',
      });
      expect(
        await eks.describeAddon(
          { accountId: ACCOUNT_B, region: 'us-east-1', name: 'gamma' },
          'eks-pod-identity-agent',
        ),
      ).toBeUndefined();
    });

    it('reads associations with decoded session policies', async () => {
      const summaries = await eks.listAssociations(alpha);
      expect(summaries.map(s => s.serviceAccount).sort()).toEqual([
        'cross',
        'orders-api',
        'worker',
      ]);
      expect(
        await eks.listAssociations(alpha, {
          serviceAccount: 'worker',
          namespace: 'team-orders',
        }),
      ).toHaveLength(1);

      const worker = summaries.find(s => s.serviceAccount === 'worker')!;
      const record = await eks.describeAssociation(alpha, worker.associationId);
      expect(record).toMatchObject({
        associationId: worker.associationId,
        clusterName: 'alpha',
        namespace: 'team-orders',
        serviceAccount: 'worker',
        roleArn: `arn:aws:iam::${ACCOUNT_A}:role/shared-role`,
        disableSessionTags: true,
        sessionPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::orders-data/*',
            },
          ],
        },
      });
      const cross = summaries.find(s => s.serviceAccount === 'cross')!;
      expect(cross.ownerArn).toMatch(/addon\/alpha/);
      expect(
        await eks.describeAssociation(alpha, cross.associationId),
      ).toMatchObject({
        targetRoleArn: `arn:aws:iam::${ACCOUNT_B}:role/target-role`,
        disableSessionTags: false,
        ownerArn: cross.ownerArn,
      });
    });

    it('pages through more than 100 associations', async () => {
      const gamma = {
        accountId: ACCOUNT_B,
        region: 'us-east-1',
        name: 'gamma',
      };
      const roleArn = `arn:aws:iam::${ACCOUNT_B}:role/other-role`;
      for (let i = 0; i < 120; i++) {
        await eks.createAssociation(gamma, {
          namespace: `ns-${i}`,
          serviceAccount: 'sa',
          roleArn,
        });
      }
      const all = await eks.listAssociations(gamma);
      expect(all).toHaveLength(121);
      expect(new Set(all.map(a => a.associationId)).size).toBe(121);
      expect(
        sandbox.callCounts()['eks:ListPodIdentityAssociations'],
      ).toBeGreaterThanOrEqual(2);
    });

    it('creates, updates, tags and deletes an association', async () => {
      const created = await eks.createAssociation(alpha, {
        namespace: 'team-orders',
        serviceAccount: 'new-sa',
        roleArn: `arn:aws:iam::${ACCOUNT_A}:role/backstage/orders-role`,
        tags: { owner: 'me' },
        clientRequestToken: 'token-1',
      });
      expect(created).toMatchObject({
        namespace: 'team-orders',
        serviceAccount: 'new-sa',
        tags: { owner: 'me' },
      });
      // Same token, same parameters: the same association, not a duplicate.
      const again = await eks.createAssociation(alpha, {
        namespace: 'team-orders',
        serviceAccount: 'new-sa',
        roleArn: `arn:aws:iam::${ACCOUNT_A}:role/backstage/orders-role`,
        tags: { owner: 'me' },
        clientRequestToken: 'token-1',
      });
      expect(again.associationId).toBe(created.associationId);

      const session = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow' as const, Action: 's3:ListBucket', Resource: '*' },
        ],
      };
      const updated = await eks.updateAssociation(
        alpha,
        created.associationId,
        {
          disableSessionTags: true,
          sessionPolicy: session,
        },
      );
      expect(updated.sessionPolicy).toEqual(session);
      expect(Date.parse(updated.modifiedAt)).toBeGreaterThanOrEqual(
        Date.parse(created.modifiedAt),
      );

      await eks.tagResource(alpha, created.associationArn, { team: 'orders' });
      expect(
        (await eks.describeAssociation(alpha, created.associationId)).tags,
      ).toEqual({ owner: 'me', team: 'orders' });
      await eks.untagResource(alpha, created.associationArn, ['owner']);
      expect(
        (await eks.describeAssociation(alpha, created.associationId)).tags,
      ).toEqual({ team: 'orders' });

      const removed = await eks.deleteAssociation(alpha, created.associationId);
      expect(removed.associationId).toBe(created.associationId);
      await expect(
        eks.describeAssociation(alpha, created.associationId),
      ).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
    });

    it('surfaces EKS refusals with their error codes', async () => {
      await expect(
        eks.createAssociation(alpha, {
          namespace: 'team-orders',
          serviceAccount: 'orders-api',
          roleArn: `arn:aws:iam::${ACCOUNT_A}:role/backstage/orders-role`,
        }),
      ).rejects.toMatchObject({ name: 'ResourceInUseException' });
      await expect(
        eks.createAssociation(alpha, {
          namespace: 'team-orders',
          serviceAccount: 'x',
          roleArn: `arn:aws:iam::${ACCOUNT_A}:role/irsa-role`,
        }),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });
  });

  describe('IAM', () => {
    it('pages IAM listings past the 1,000 items of one page', async () => {
      const many = await startSandbox({
        seed: {
          accounts: [
            {
              id: ACCOUNT_A,
              iam: {
                roles: Array.from({ length: 1001 }, (_, i) => ({
                  name: `role-${i}`,
                  trustPolicy: podIdentityTrust,
                })),
              },
            },
          ],
        },
        backendIdentities: false,
      });
      const manyClients = AwsClientFactory.fromConfig(
        sandboxConfig(many, {}, { administrator: true }),
      );
      try {
        const manyIam = new DefaultIamGateway(manyClients);
        expect(await manyIam.listRoles(ACCOUNT_A)).toHaveLength(1001);
        const { roles } = await manyIam.getAccountAuthorizationDetails(
          ACCOUNT_A,
          ['Role'],
        );
        expect(new Set(roles.map(r => r.name)).size).toBe(1001);
        expect(many.callCounts()).toMatchObject({
          'iam:ListRoles': 2,
          'iam:GetAccountAuthorizationDetails': 2,
        });
      } finally {
        await manyClients.destroy();
        await many.stop();
      }
    });

    it('reads every role and policy of an account through GetAccountAuthorizationDetails, decoded', async () => {
      const { roles, policies } = await iam.getAccountAuthorizationDetails(
        ACCOUNT_A,
        ['Role', 'LocalManagedPolicy', 'AWSManagedPolicy'],
      );
      expect(roles.map(r => r.name).sort()).toEqual([
        'irsa-role',
        'orders-role',
        'shared-role',
      ]);
      const orders = roles.find(r => r.name === 'orders-role')!;
      const seed = testEstate().accounts[0].iam!.roles![0];
      expect(orders).toMatchObject({
        arn: `arn:aws:iam::${ACCOUNT_A}:role/backstage/orders-role`,
        accountId: ACCOUNT_A,
        path: '/backstage/',
        trustPolicy: seed.trustPolicy,
        inlinePolicies: [
          {
            name: 'queue+events@v1',
            document: seed.inlinePolicies!['queue+events@v1'],
          },
        ],
        attachedPolicyArns: seed.managedPolicyArns,
        permissionsBoundaryArn: seed.permissionsBoundaryArn,
        tags: seed.tags,
        createDate: seed.createDate,
        lastUsed: seed.lastUsed,
        lastUsedRegion: 'us-east-1',
      });
      expect(
        roles.find(r => r.name === 'shared-role')!.lastUsed,
      ).toBeUndefined();
      expect(policies.map(p => p.arn).sort()).toEqual([
        'arn:aws:iam::111111111111:policy/app/orders-data',
        'arn:aws:iam::111111111111:policy/backstage-boundary',
        'arn:aws:iam::111111111111:policy/unused',
        'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
      ]);
      const ordersData = policies.find(p => p.name === 'orders-data')!;
      expect(ordersData).toMatchObject({
        path: '/app/',
        awsManaged: false,
        description: 'Read the orders bucket',
        document: testEstate().accounts[0].iam!.policies![0].document,
      });
      expect(policies.find(p => p.name === 'ReadOnlyAccess')!.awsManaged).toBe(
        true,
      );
    });

    it('reads a role piece by piece to the same record', async () => {
      const { roles } = await iam.getAccountAuthorizationDetails(ACCOUNT_A, [
        'Role',
      ]);
      const fromDetails = roles.find(r => r.name === 'orders-role')!;
      const read = await iam.readRole(ACCOUNT_A, 'orders-role');
      expect(read).toEqual({
        ...fromDetails,
        description: 'Orders API',
        maxSessionDuration: 3600,
      });
      expect(await iam.readRole(ACCOUNT_A, 'no-such-role')).toBeUndefined();
      expect((await iam.listRoles(ACCOUNT_B)).map(r => r.name).sort()).toEqual([
        'other-role',
        'target-role',
      ]);
    });

    it('reads a managed policy with its default version', async () => {
      const policy = await iam.getManagedPolicy(
        ACCOUNT_B,
        'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      );
      expect(policy).toMatchObject({
        name: 'AmazonS3ReadOnlyAccess',
        awsManaged: true,
        path: '/',
      });
      expect(JSON.stringify(policy.document)).toContain('s3:Get');
    });

    it('writes a role, its policies, boundary, tags and trust, and deletes it', async () => {
      const created = await iam.createRole(ACCOUNT_B, {
        roleName: 'bs-new',
        path: '/backstage/',
        trustPolicy: podIdentityTrust,
        description: 'made by a test',
        tags: { owner: 'me' },
      });
      expect(created).toMatchObject({
        name: 'bs-new',
        path: '/backstage/',
        tags: { owner: 'me' },
        trustPolicy: podIdentityTrust,
      });

      const inline = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow' as const,
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::b/a b+c',
          },
        ],
      };
      await iam.putRolePolicy(ACCOUNT_B, 'bs-new', 'read', inline);
      await iam.attachRolePolicy(
        ACCOUNT_B,
        'bs-new',
        'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      );
      await iam.putRolePermissionsBoundary(
        ACCOUNT_B,
        'bs-new',
        'arn:aws:iam::aws:policy/PowerUserAccess',
      );
      await iam.tagRole(ACCOUNT_B, 'bs-new', { team: 'x' });
      await iam.untagRole(ACCOUNT_B, 'bs-new', ['owner']);
      const trust = {
        ...podIdentityTrust,
        Statement: [
          ...(podIdentityTrust.Statement as any[]),
          {
            Effect: 'Allow' as const,
            Principal: { Service: 'ec2.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      };
      await iam.updateAssumeRolePolicy(ACCOUNT_B, 'bs-new', trust);

      expect(await iam.readRole(ACCOUNT_B, 'bs-new')).toMatchObject({
        inlinePolicies: [{ name: 'read', document: inline }],
        attachedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
        permissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
        tags: { team: 'x' },
        trustPolicy: trust,
      });

      await iam.deleteRolePermissionsBoundary(ACCOUNT_B, 'bs-new');
      await iam.detachRolePolicy(
        ACCOUNT_B,
        'bs-new',
        'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      );
      await iam.deleteRolePolicy(ACCOUNT_B, 'bs-new', 'read');
      await iam.deleteRole(ACCOUNT_B, 'bs-new');
      expect(await iam.readRole(ACCOUNT_B, 'bs-new')).toBeUndefined();
      expect(sandbox.mutations().map(m => m.operation)).toEqual(
        expect.arrayContaining([
          'CreateRole',
          'PutRolePolicy',
          'AttachRolePolicy',
          'DeleteRole',
        ]),
      );
    });

    it('keeps accounts apart', async () => {
      await expect(iam.getRole(ACCOUNT_B, 'orders-role')).rejects.toMatchObject(
        { name: 'NoSuchEntityException' },
      );
    });
  });

  describe('STS', () => {
    it('tells who the credentials of each account are', async () => {
      const sts = new DefaultStsGateway(clients);
      expect((await sts.getCallerIdentity(ACCOUNT_A)).account).toBe(ACCOUNT_A);
      expect(
        (await sts.getCallerIdentity(ACCOUNT_B, 'eu-west-1')).account,
      ).toBe(ACCOUNT_B);
    });
  });
});
