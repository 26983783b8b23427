import {
  CreatePodIdentityAssociationCommand,
  DeletePodIdentityAssociationCommand,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  ListAddonsCommand,
  ListClustersCommand,
  ListPodIdentityAssociationsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePodIdentityAssociationCommand,
  paginateListPodIdentityAssociations,
} from '@aws-sdk/client-eks';
import { startSandbox } from '../../sandbox';
import type { EstateSeed, Sandbox } from '../../types';
import {
  awsClients,
  errorOf,
  MAIN,
  OTHER,
  REGION,
  smallEstate,
} from '../../__testUtils__/aws';

const roleArn = (name: string, account = MAIN) =>
  `arn:aws:iam::${account}:role/${name}`;

describe('EKS', () => {
  let sandbox: Sandbox;
  let eks: EKSClient;

  beforeAll(async () => {
    const estate = smallEstate();
    estate.accounts[0].clusters![0].associations!.push(
      {
        namespace: 'legacy',
        serviceAccount: 'old',
        role: 'orders-api',
        createdAt: '2025-01-01T00:00:00Z',
      },
      {
        namespace: 'kube-system',
        serviceAccount: 'ebs-csi',
        role: 'orders-api',
        ownerArn: `arn:aws:eks:${REGION}:${MAIN}:addon/prod/aws-ebs-csi-driver/abc`,
      },
    );
    sandbox = await startSandbox({ seed: estate });
    eks = awsClients(sandbox).eks;
  });
  afterAll(() => sandbox.stop());

  describe('clusters', () => {
    it('lists the clusters of the caller account in the signed region only', async () => {
      expect((await eks.send(new ListClustersCommand({}))).clusters).toEqual([
        'auto',
        'prod',
      ]);
      expect(
        (
          await awsClients(sandbox, MAIN, 'eu-west-1').eks.send(
            new ListClustersCommand({}),
          )
        ).clusters,
      ).toEqual(['eu']);
      expect(
        (await awsClients(sandbox, OTHER).eks.send(new ListClustersCommand({})))
          .clusters,
      ).toEqual(['other-prod']);
    });

    it('pages ListClusters with maxResults and nextToken', async () => {
      const first = await eks.send(new ListClustersCommand({ maxResults: 1 }));
      expect(first.clusters).toEqual(['auto']);
      expect(first.nextToken).toBeDefined();
      const second = await eks.send(
        new ListClustersCommand({ maxResults: 1, nextToken: first.nextToken }),
      );
      expect(second.clusters).toEqual(['prod']);
      expect(second.nextToken).toBeUndefined();
    });

    it('rejects maxResults outside 1-100 and foreign nextTokens', async () => {
      for (const maxResults of [0, 101]) {
        const error = await errorOf(
          eks.send(new ListClustersCommand({ maxResults })),
        );
        expect(error.name).toBe('InvalidParameterException');
        expect(error.$metadata.httpStatusCode).toBe(400);
      }
      const error = await errorOf(
        eks.send(new ListClustersCommand({ nextToken: 'not-a-token' })),
      );
      expect(error.name).toBe('InvalidParameterException');
    });

    it('describes a cluster with its Kubernetes endpoint and CA', async () => {
      const { cluster } = await eks.send(
        new DescribeClusterCommand({ name: 'prod' }),
      );
      expect(cluster).toMatchObject({
        name: 'prod',
        arn: `arn:aws:eks:${REGION}:${MAIN}:cluster/prod`,
        endpoint: sandbox.kubernetesUrl('prod'),
        version: '1.31',
        status: 'ACTIVE',
        tags: { env: 'prod' },
        accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
      });
      expect(cluster!.createdAt).toBeInstanceOf(Date);
      expect(
        Buffer.from(cluster!.certificateAuthority!.data!, 'base64').toString(),
      ).toBe(sandbox.kubernetesCaPem);
      expect(cluster!.identity?.oidc?.issuer).toMatch(
        /^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/,
      );
      expect(cluster!.computeConfig?.enabled).toBeUndefined();
    });

    it('reports Auto Mode as computeConfig.enabled', async () => {
      const { cluster } = await eks.send(
        new DescribeClusterCommand({ name: 'auto' }),
      );
      expect(cluster!.computeConfig?.enabled).toBe(true);
    });

    it('answers ResourceNotFoundException (404) for a cluster of another account or region', async () => {
      for (const name of ['other-prod', 'eu', 'nope']) {
        const error = await errorOf(
          eks.send(new DescribeClusterCommand({ name })),
        );
        expect(error.name).toBe('ResourceNotFoundException');
        expect(error.$metadata.httpStatusCode).toBe(404);
        expect(error.message).toContain(name);
      }
    });
  });

  describe('add-ons', () => {
    it('lists and describes add-ons', async () => {
      expect(
        (await eks.send(new ListAddonsCommand({ clusterName: 'prod' }))).addons,
      ).toEqual(['eks-pod-identity-agent']);
      const { addon } = await eks.send(
        new DescribeAddonCommand({
          clusterName: 'prod',
          addonName: 'eks-pod-identity-agent',
        }),
      );
      expect(addon).toMatchObject({
        addonName: 'eks-pod-identity-agent',
        clusterName: 'prod',
        status: 'ACTIVE',
      });
      expect(addon!.addonVersion).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
      expect(addon!.addonArn).toMatch(
        new RegExp(
          `^arn:aws:eks:${REGION}:${MAIN}:addon/prod/eks-pod-identity-agent/`,
        ),
      );
      expect(
        (await eks.send(new ListAddonsCommand({ clusterName: 'auto' }))).addons,
      ).toEqual([]);
    });

    it('answers ResourceNotFoundException for a missing add-on', async () => {
      const error = await errorOf(
        eks.send(
          new DescribeAddonCommand({
            clusterName: 'auto',
            addonName: 'eks-pod-identity-agent',
          }),
        ),
      );
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.$metadata.httpStatusCode).toBe(404);
      expect(error.addonName).toBe('eks-pod-identity-agent');
    });
  });

  describe('Pod Identity associations', () => {
    const create = (
      input: Partial<
        ConstructorParameters<typeof CreatePodIdentityAssociationCommand>[0]
      > = {},
    ) =>
      eks.send(
        new CreatePodIdentityAssociationCommand({
          clusterName: 'prod',
          namespace: 'payments',
          serviceAccount: 'payments-api',
          roleArn: roleArn('orders-api'),
          ...input,
        }),
      );

    it('lists seeded associations, resolving role names in the cluster account', async () => {
      const { associations } = await eks.send(
        new ListPodIdentityAssociationsCommand({
          clusterName: 'prod',
          namespace: 'orders',
        }),
      );
      expect(associations).toHaveLength(1);
      const { association } = await eks.send(
        new DescribePodIdentityAssociationCommand({
          clusterName: 'prod',
          associationId: associations![0].associationId,
        }),
      );
      expect(association).toMatchObject({
        namespace: 'orders',
        serviceAccount: 'orders-api',
        roleArn: roleArn('orders-api'),
        disableSessionTags: false,
      });
    });

    it('filters by namespace and service account', async () => {
      const bySa = await eks.send(
        new ListPodIdentityAssociationsCommand({
          clusterName: 'prod',
          serviceAccount: 'old',
        }),
      );
      expect(bySa.associations!.map(a => a.namespace)).toEqual(['legacy']);
      const none = await eks.send(
        new ListPodIdentityAssociationsCommand({
          clusterName: 'prod',
          namespace: 'orders',
          serviceAccount: 'old',
        }),
      );
      expect(none.associations).toEqual([]);
      const owned = await eks.send(
        new ListPodIdentityAssociationsCommand({
          clusterName: 'prod',
          namespace: 'kube-system',
        }),
      );
      expect(owned.associations![0].ownerArn).toContain(
        ':addon/prod/aws-ebs-csi-driver/',
      );
    });

    it('creates an association with the documented shape, and describes it', async () => {
      const before = Date.now();
      const { association } = await create({ tags: { team: 'payments' } });
      expect(association!.associationId).toMatch(/^a-[a-z0-9]{17}$/);
      expect(association!.associationArn).toBe(
        `arn:aws:eks:${REGION}:${MAIN}:podidentityassociation/prod/${
          association!.associationId
        }`,
      );
      expect(association).toMatchObject({
        clusterName: 'prod',
        namespace: 'payments',
        serviceAccount: 'payments-api',
        roleArn: roleArn('orders-api'),
        disableSessionTags: false,
        tags: { team: 'payments' },
      });
      expect(association!.externalId).toMatch(/^[0-9a-f-]{36}$/);
      expect(association!.createdAt!.getTime()).toBeGreaterThanOrEqual(
        before - 1000,
      );
      expect(association!.modifiedAt).toEqual(association!.createdAt);
      const described = await eks.send(
        new DescribePodIdentityAssociationCommand({
          clusterName: 'prod',
          associationId: association!.associationId,
        }),
      );
      expect(described.association).toEqual(association);
    });

    it('accepts a target role in the cluster account, as EKS does ("the same or different account")', async () => {
      const { association } = await create({
        serviceAccount: 'same-account-chain',
        targetRoleArn: roleArn('orders-api'),
      });
      expect(association!.targetRoleArn).toBe(roleArn('orders-api'));
      expect(association!.externalId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers ResourceInUseException (409) naming the existing association', async () => {
      const { associations } = await eks.send(
        new ListPodIdentityAssociationsCommand({
          clusterName: 'prod',
          namespace: 'orders',
        }),
      );
      const error = await errorOf(
        create({ namespace: 'orders', serviceAccount: 'orders-api' }),
      );
      expect(error.name).toBe('ResourceInUseException');
      expect(error.$metadata.httpStatusCode).toBe(409);
      expect(error.message).toContain(associations![0].associationId);
    });

    it.each([
      [
        'a role that does not exist',
        { roleArn: roleArn('ghost') },
        /does not exist/,
      ],
      [
        'a trust policy without the Pod Identity principal',
        { roleArn: roleArn('ec2-only') },
        /pods\.eks\.amazonaws\.com/,
      ],
      [
        'a trust policy without sts:TagSession while session tags are on',
        { roleArn: roleArn('no-tag-session') },
        /sts:TagSession/,
      ],
      [
        'a role in another account',
        { roleArn: roleArn('data-target', OTHER) },
        /targetRoleArn/,
      ],
      [
        'a session policy while session tags are on',
        {
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
            ],
          }),
        },
        /disableSessionTags/,
      ],
      ['an invalid namespace', { namespace: 'Not_Valid' }, /namespace/],
      [
        'a malformed session policy',
        { disableSessionTags: true, policy: '{"Statement":[]}' },
        /policy/,
      ],
    ])(
      'answers InvalidParameterException (400) for %s',
      async (_what, input, message) => {
        const error = await errorOf(
          create({ namespace: 'rejected', ...input }),
        );
        expect(error.name).toBe('InvalidParameterException');
        expect(error.$metadata.httpStatusCode).toBe(400);
        expect(error.message).toMatch(message);
      },
    );

    it('accepts a role without sts:TagSession when session tags are disabled, and a session policy with it', async () => {
      const policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
      });
      const { association } = await create({
        namespace: 'no-tags',
        roleArn: roleArn('no-tag-session'),
        disableSessionTags: true,
        policy,
      });
      expect(association).toMatchObject({ disableSessionTags: true, policy });
    });

    it('accepts a target role in another account', async () => {
      const { association } = await create({
        namespace: 'chained',
        targetRoleArn: roleArn('data-target', OTHER),
      });
      expect(association!.targetRoleArn).toBe(roleArn('data-target', OTHER));
    });

    it('is idempotent for a repeated clientRequestToken with the same parameters only', async () => {
      const token = 'token-idempotent-1';
      const first = await create({
        namespace: 'idem',
        clientRequestToken: token,
      });
      const again = await create({
        namespace: 'idem',
        clientRequestToken: token,
      });
      expect(again.association!.associationId).toBe(
        first.association!.associationId,
      );
      const changed = await errorOf(
        create({
          namespace: 'idem',
          serviceAccount: 'other',
          clientRequestToken: token,
        }),
      );
      expect(changed.name).toBe('InvalidParameterException');
    });

    it('answers ResourceNotFoundException (404) for an unknown cluster or association', async () => {
      const noCluster = await errorOf(create({ clusterName: 'nope' }));
      expect(noCluster.name).toBe('ResourceNotFoundException');
      expect(noCluster.$metadata.httpStatusCode).toBe(404);
      for (const call of [
        () =>
          eks.send(
            new DescribePodIdentityAssociationCommand({
              clusterName: 'prod',
              associationId: 'a-00000000000000000',
            }),
          ),
        () =>
          eks.send(
            new UpdatePodIdentityAssociationCommand({
              clusterName: 'prod',
              associationId: 'a-00000000000000000',
              disableSessionTags: true,
            }),
          ),
        () =>
          eks.send(
            new DeletePodIdentityAssociationCommand({
              clusterName: 'prod',
              associationId: 'a-00000000000000000',
            }),
          ),
        () =>
          eks.send(
            new ListPodIdentityAssociationsCommand({ clusterName: 'nope' }),
          ),
      ]) {
        const error = await errorOf(call());
        expect(error.name).toBe('ResourceNotFoundException');
        expect(error.$metadata.httpStatusCode).toBe(404);
      }
    });

    it('pages with maxResults and an opaque nextToken, and rejects maxResults outside 1-100', async () => {
      for (let i = 0; i < 5; i++) {
        await create({ namespace: 'paged', serviceAccount: `sa-${i}` });
      }
      const pages: string[][] = [];
      for await (const page of paginateListPodIdentityAssociations(
        { client: eks, pageSize: 2 },
        { clusterName: 'prod', namespace: 'paged' },
      )) {
        pages.push(page.associations!.map(a => a.serviceAccount!));
      }
      expect(pages.map(p => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat().sort()).toEqual([
        'sa-0',
        'sa-1',
        'sa-2',
        'sa-3',
        'sa-4',
      ]);
      for (const maxResults of [0, 101]) {
        const error = await errorOf(
          eks.send(
            new ListPodIdentityAssociationsCommand({
              clusterName: 'prod',
              maxResults,
            }),
          ),
        );
        expect(error.name).toBe('InvalidParameterException');
      }
    });

    it('updates role, session tags, session policy and target role, and bumps modifiedAt', async () => {
      const { associations } = await eks.send(
        new ListPodIdentityAssociationsCommand({
          clusterName: 'prod',
          namespace: 'legacy',
        }),
      );
      const associationId = associations![0].associationId!;
      const policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
      });
      const { association } = await eks.send(
        new UpdatePodIdentityAssociationCommand({
          clusterName: 'prod',
          associationId,
          roleArn: roleArn('no-tag-session'),
          disableSessionTags: true,
          policy,
          targetRoleArn: roleArn('data-target', OTHER),
        }),
      );
      expect(association).toMatchObject({
        roleArn: roleArn('no-tag-session'),
        disableSessionTags: true,
        policy,
        targetRoleArn: roleArn('data-target', OTHER),
      });
      expect(association!.createdAt).toEqual(new Date('2025-01-01T00:00:00Z'));
      expect(association!.modifiedAt!.getTime()).toBeGreaterThan(
        association!.createdAt!.getTime(),
      );

      const refused = await errorOf(
        eks.send(
          new UpdatePodIdentityAssociationCommand({
            clusterName: 'prod',
            associationId,
            disableSessionTags: false,
          }),
        ),
      );
      expect(refused.name).toBe('InvalidParameterException');
      const unchanged = await eks.send(
        new DescribePodIdentityAssociationCommand({
          clusterName: 'prod',
          associationId,
        }),
      );
      expect(unchanged.association!.disableSessionTags).toBe(true);
    });

    it('deletes an association, which then is gone', async () => {
      const { association } = await create({ namespace: 'short-lived' });
      const deleted = await eks.send(
        new DeletePodIdentityAssociationCommand({
          clusterName: 'prod',
          associationId: association!.associationId,
        }),
      );
      expect(deleted.association!.associationId).toBe(
        association!.associationId,
      );
      const error = await errorOf(
        eks.send(
          new DescribePodIdentityAssociationCommand({
            clusterName: 'prod',
            associationId: association!.associationId,
          }),
        ),
      );
      expect(error.name).toBe('ResourceNotFoundException');
    });

    it('refuses to update or delete an association owned by an add-on', async () => {
      const { associations } = await eks.send(
        new ListPodIdentityAssociationsCommand({
          clusterName: 'prod',
          namespace: 'kube-system',
        }),
      );
      const associationId = associations![0].associationId!;
      for (const call of [
        () =>
          eks.send(
            new DeletePodIdentityAssociationCommand({
              clusterName: 'prod',
              associationId,
            }),
          ),
        () =>
          eks.send(
            new UpdatePodIdentityAssociationCommand({
              clusterName: 'prod',
              associationId,
              disableSessionTags: true,
            }),
          ),
      ]) {
        expect((await errorOf(call())).name).toBe('InvalidRequestException');
      }
    });

    it('does not show one account the associations of another', async () => {
      const other = awsClients(sandbox, OTHER).eks;
      const error = await errorOf(
        other.send(
          new ListPodIdentityAssociationsCommand({ clusterName: 'prod' }),
        ),
      );
      expect(error.name).toBe('ResourceNotFoundException');
    });
  });

  describe('tags', () => {
    it('tags, lists and untags a cluster and an association by ARN', async () => {
      const { associations } = await eks.send(
        new ListPodIdentityAssociationsCommand({
          clusterName: 'prod',
          namespace: 'orders',
        }),
      );
      for (const resourceArn of [
        `arn:aws:eks:${REGION}:${MAIN}:cluster/auto`,
        associations![0].associationArn!,
      ]) {
        await eks.send(
          new TagResourceCommand({
            resourceArn,
            tags: { owner: 'team-a', cost: '42' },
          }),
        );
        expect(
          (await eks.send(new ListTagsForResourceCommand({ resourceArn })))
            .tags,
        ).toEqual({ owner: 'team-a', cost: '42' });
        await eks.send(
          new UntagResourceCommand({ resourceArn, tagKeys: ['cost'] }),
        );
        expect(
          (await eks.send(new ListTagsForResourceCommand({ resourceArn })))
            .tags,
        ).toEqual({ owner: 'team-a' });
      }
    });

    it('answers NotFoundException for resources that are not the caller’s', async () => {
      for (const resourceArn of [
        `arn:aws:eks:${REGION}:${OTHER}:cluster/other-prod`,
        `arn:aws:eks:${REGION}:${MAIN}:cluster/nope`,
        `arn:aws:eks:${REGION}:${MAIN}:podidentityassociation/prod/a-00000000000000000`,
      ]) {
        const error = await errorOf(
          eks.send(new ListTagsForResourceCommand({ resourceArn })),
        );
        expect(error.name).toBe('NotFoundException');
        expect(error.$metadata.httpStatusCode).toBe(404);
      }
    });

    it('rejects reserved tag keys with BadRequestException', async () => {
      const error = await errorOf(
        eks.send(
          new TagResourceCommand({
            resourceArn: `arn:aws:eks:${REGION}:${MAIN}:cluster/auto`,
            tags: { 'aws:x': 'y' },
          }),
        ),
      );
      expect(error.name).toBe('BadRequestException');
    });
  });
});

describe('EKS association quota', () => {
  it('answers ResourceLimitExceededException at 5,000 associations per cluster', async () => {
    const estate: EstateSeed = smallEstate();
    estate.accounts[0].clusters![1].associations = Array.from(
      { length: 5000 },
      (_, i) => ({
        namespace: `ns-${i}`,
        serviceAccount: 'workload',
        role: 'orders-api',
      }),
    );
    const sandbox = await startSandbox({ seed: estate });
    try {
      const { eks } = awsClients(sandbox);
      const error = await errorOf(
        eks.send(
          new CreatePodIdentityAssociationCommand({
            clusterName: 'auto',
            namespace: 'one-more',
            serviceAccount: 'workload',
            roleArn: roleArn('orders-api'),
          }),
        ),
      );
      expect(error.name).toBe('ResourceLimitExceededException');
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(sandbox.mutations()).toEqual([]);
    } finally {
      await sandbox.stop();
    }
  });
});
