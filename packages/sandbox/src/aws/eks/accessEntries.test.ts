import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  DeleteAccessEntryCommand,
  DescribeAccessEntryCommand,
  DescribeClusterCommand,
  DisassociateAccessPolicyCommand,
  EKSClient,
  ListAccessEntriesCommand,
  ListAccessPoliciesCommand,
  ListAssociatedAccessPoliciesCommand,
  UpdateAccessEntryCommand,
} from '@aws-sdk/client-eks';
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../types';
import {
  awsClients,
  errorOf,
  MAIN,
  OTHER,
  smallEstate,
} from '../../__testUtils__/aws';

const VIEW = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy';
const EDIT = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy';
const CLUSTER_ADMIN =
  'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';
const reader = `arn:aws:iam::${MAIN}:role/backstage-reader`;
const ec2Only = `arn:aws:iam::${MAIN}:role/ec2-only`;
const creator = `arn:aws:iam::${MAIN}:user/sandbox`;

describe('EKS access entries', () => {
  let sandbox: Sandbox;
  let eks: EKSClient;

  beforeAll(async () => {
    const estate = smallEstate();
    const clusters = estate.accounts[0].clusters!;
    clusters.find(c => c.name === 'eu')!.accessConfig = {
      authenticationMode: 'CONFIG_MAP',
    };
    clusters.find(c => c.name === 'auto')!.accessConfig = {
      bootstrapClusterCreatorAdminPermissions: false,
    };
    sandbox = await startSandbox({ seed: estate });
    eks = awsClients(sandbox).eks;
  });
  afterAll(() => sandbox.stop());

  it('gives the cluster creator an administrator entry unless the cluster says not to, and the backend the shipped groups', async () => {
    const { accessEntries } = await eks.send(
      new ListAccessEntriesCommand({ clusterName: 'prod' }),
    );
    expect(accessEntries).toEqual([reader, creator]);
    const { associatedAccessPolicies } = await eks.send(
      new ListAssociatedAccessPoliciesCommand({
        clusterName: 'prod',
        principalArn: creator,
      }),
    );
    expect(associatedAccessPolicies).toEqual([
      expect.objectContaining({
        policyArn: CLUSTER_ADMIN,
        accessScope: { type: 'cluster', namespaces: [] },
      }),
    ]);
    const auto = await eks.send(
      new ListAccessEntriesCommand({ clusterName: 'auto' }),
    );
    expect(auto.accessEntries).toEqual([reader]);
    // backstage-reader, the backend's role in every account, in the groups of the shipped files.
    const backend = await eks.send(
      new DescribeAccessEntryCommand({
        clusterName: 'auto',
        principalArn: reader,
      }),
    );
    expect(backend.accessEntry).toMatchObject({
      type: 'STANDARD',
      kubernetesGroups: ['eks-pod-identity-reader', 'eks-pod-identity-writer'],
    });
    const policies = await eks.send(
      new ListAssociatedAccessPoliciesCommand({
        clusterName: 'auto',
        principalArn: reader,
      }),
    );
    expect(policies.associatedAccessPolicies).toEqual([]);
  });

  it('creates, describes, updates and deletes an entry with the user name EKS makes up', async () => {
    const { accessEntry } = await eks.send(
      new CreateAccessEntryCommand({
        clusterName: 'auto',
        principalArn: ec2Only,
        kubernetesGroups: ['eks-pod-identity-reader'],
        tags: { owner: 'platform' },
      }),
    );
    expect(accessEntry).toMatchObject({
      clusterName: 'auto',
      principalArn: ec2Only,
      kubernetesGroups: ['eks-pod-identity-reader'],
      type: 'STANDARD',
      username: `arn:aws:sts::${MAIN}:assumed-role/ec2-only/{{SessionName}}`,
      tags: { owner: 'platform' },
    });
    expect(accessEntry!.accessEntryArn).toMatch(
      new RegExp(
        `^arn:aws:eks:us-east-1:${MAIN}:access-entry/auto/role/${MAIN}/ec2-only/`,
      ),
    );
    expect(accessEntry!.createdAt).toBeInstanceOf(Date);

    await eks.send(
      new UpdateAccessEntryCommand({
        clusterName: 'auto',
        principalArn: ec2Only,
        kubernetesGroups: ['a', 'b'],
      }),
    );
    const described = await eks.send(
      new DescribeAccessEntryCommand({
        clusterName: 'auto',
        principalArn: ec2Only,
      }),
    );
    expect(described.accessEntry!.kubernetesGroups).toEqual(['a', 'b']);

    const again = await errorOf(
      eks.send(
        new CreateAccessEntryCommand({
          clusterName: 'auto',
          principalArn: ec2Only,
        }),
      ),
    );
    expect(again.name).toBe('ResourceInUseException');

    await eks.send(
      new DeleteAccessEntryCommand({
        clusterName: 'auto',
        principalArn: ec2Only,
      }),
    );
    const gone = await errorOf(
      eks.send(
        new DescribeAccessEntryCommand({
          clusterName: 'auto',
          principalArn: ec2Only,
        }),
      ),
    );
    expect(gone.name).toBe('ResourceNotFoundException');
    expect(gone.$metadata.httpStatusCode).toBe(404);
  });

  it('associates access policies with a cluster or namespace scope, lists and disassociates them', async () => {
    const principalArn = `arn:aws:iam::${OTHER}:role/backstage-reader`;
    // A STANDARD entry may name a principal of another account.
    await eks.send(
      new CreateAccessEntryCommand({ clusterName: 'prod', principalArn }),
    );
    await eks.send(
      new AssociateAccessPolicyCommand({
        clusterName: 'prod',
        principalArn,
        policyArn: VIEW,
        accessScope: { type: 'cluster' },
      }),
    );
    const { associatedAccessPolicy } = await eks.send(
      new AssociateAccessPolicyCommand({
        clusterName: 'prod',
        principalArn,
        policyArn: EDIT,
        accessScope: { type: 'namespace', namespaces: ['orders', 'team-*'] },
      }),
    );
    expect(associatedAccessPolicy).toMatchObject({
      policyArn: EDIT,
      accessScope: { type: 'namespace', namespaces: ['orders', 'team-*'] },
    });
    const listed = await eks.send(
      new ListAssociatedAccessPoliciesCommand({
        clusterName: 'prod',
        principalArn,
      }),
    );
    expect(listed.associatedAccessPolicies!.map(p => p.policyArn)).toEqual([
      EDIT,
      VIEW,
    ]);
    const byPolicy = await eks.send(
      new ListAccessEntriesCommand({
        clusterName: 'prod',
        associatedPolicyArn: EDIT,
      }),
    );
    expect(byPolicy.accessEntries).toEqual([principalArn]);

    await eks.send(
      new DisassociateAccessPolicyCommand({
        clusterName: 'prod',
        principalArn,
        policyArn: EDIT,
      }),
    );
    const after = await eks.send(
      new ListAssociatedAccessPoliciesCommand({
        clusterName: 'prod',
        principalArn,
      }),
    );
    expect(after.associatedAccessPolicies!.map(p => p.policyArn)).toEqual([
      VIEW,
    ]);
    await eks.send(
      new DeleteAccessEntryCommand({ clusterName: 'prod', principalArn }),
    );
  });

  it('refuses what EKS refuses, naming the field', async () => {
    const cases: Array<[Promise<unknown>, string, RegExp]> = [
      [
        eks.send(
          new CreateAccessEntryCommand({
            clusterName: 'prod',
            principalArn: `arn:aws:iam::${MAIN}:role/ghost`,
          }),
        ),
        'InvalidParameterException',
        /names no existing IAM role or user/,
      ],
      [
        eks.send(
          new CreateAccessEntryCommand({
            clusterName: 'prod',
            principalArn: reader,
            kubernetesGroups: ['system:masters'],
          }),
        ),
        'InvalidParameterException',
        /The kubernetes group name system:masters is invalid, it cannot start with system:/,
      ],
      [
        eks.send(
          new CreateAccessEntryCommand({
            clusterName: 'prod',
            principalArn: reader,
            username: 'system:admin',
          }),
        ),
        'InvalidParameterException',
        /username can't start with system:/,
      ],
      [
        eks.send(
          new AssociateAccessPolicyCommand({
            clusterName: 'prod',
            principalArn: creator,
            policyArn: VIEW,
            accessScope: { type: 'namespace' },
          }),
        ),
        'InvalidParameterException',
        /accessScope.namespaces is required/,
      ],
      [
        eks.send(
          new AssociateAccessPolicyCommand({
            clusterName: 'prod',
            principalArn: creator,
            policyArn: 'arn:aws:eks::aws:cluster-access-policy/Nope',
            accessScope: { type: 'cluster' },
          }),
        ),
        'InvalidParameterException',
        /not an EKS access policy/,
      ],
      [
        awsClients(sandbox, MAIN, 'eu-west-1').eks.send(
          new ListAccessEntriesCommand({ clusterName: 'eu' }),
        ),
        'InvalidRequestException',
        /authentication mode must be set to one of \[API, API_AND_CONFIG_MAP\]/,
      ],
    ];
    for (const [call, name, message] of cases) {
      const error = await errorOf(call);
      expect({ name: error.name, message: error.message }).toEqual({
        name,
        message: expect.stringMatching(message),
      });
    }
  });

  it('answers each cluster’s authentication mode in DescribeCluster, and the access policies it knows', async () => {
    const prod = await eks.send(new DescribeClusterCommand({ name: 'prod' }));
    expect(prod.cluster!.accessConfig).toEqual({
      authenticationMode: 'API_AND_CONFIG_MAP',
    });
    const eu = await awsClients(sandbox, MAIN, 'eu-west-1').eks.send(
      new DescribeClusterCommand({ name: 'eu' }),
    );
    expect(eu.cluster!.accessConfig).toEqual({
      authenticationMode: 'CONFIG_MAP',
    });
    const { accessPolicies } = await eks.send(
      new ListAccessPoliciesCommand({}),
    );
    expect(accessPolicies!.map(p => p.name)).toEqual(
      expect.arrayContaining([
        'AmazonEKSAdminPolicy',
        'AmazonEKSClusterAdminPolicy',
        'AmazonEKSEditPolicy',
        'AmazonEKSViewPolicy',
      ]),
    );
  });
});
