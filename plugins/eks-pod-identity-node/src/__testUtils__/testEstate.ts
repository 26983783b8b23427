import type { PolicyDocument as IamPolicyDocument } from '@pod-identity/plugin-eks-pod-identity-common';
import type { EstateSeed, PolicyDocument } from '@pod-identity/sandbox';

export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';

export const podIdentityTrust: IamPolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    },
  ],
};

const readOrders: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ReadOrders',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: ['arn:aws:s3:::orders-data', 'arn:aws:s3:::orders-data/*'],
      Condition: {
        StringEquals: {
          'aws:PrincipalTag/kubernetes-namespace': 'team-orders',
        },
      },
    },
  ],
};

/**
 * A small two-account estate with one of everything the scanner reads:
 * inline, customer-managed, AWS-managed and boundary policies (with characters
 * that URL-encoding changes), a session policy, a cross-account target role,
 * an add-on, an agent DaemonSet, IRSA annotations, workloads and Fargate nodes.
 */
export function testEstate(): EstateSeed {
  return {
    accounts: [
      {
        id: ACCOUNT_A,
        alias: 'shop',
        iam: {
          policies: [
            {
              name: 'orders-data',
              path: '/app/',
              description: 'Read the orders bucket',
              document: readOrders,
            },
            {
              name: 'backstage-boundary',
              document: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Action: ['s3:*', 'sqs:*', 'sts:*'],
                    Resource: '*',
                  },
                ],
              },
            },
            {
              name: 'unused',
              document: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }],
              },
            },
          ],
          roles: [
            {
              name: 'orders-role',
              path: '/backstage/',
              description: 'Orders API',
              trustPolicy: podIdentityTrust,
              managedPolicyArns: [
                `arn:aws:iam::${ACCOUNT_A}:policy/app/orders-data`,
                'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
              ],
              inlinePolicies: {
                'queue+events@v1': {
                  Version: '2012-10-17',
                  Statement: [
                    {
                      Effect: 'Allow',
                      Action: 'sqs:SendMessage',
                      Resource: `arn:aws:sqs:us-east-1:${ACCOUNT_A}:orders-events?x=&y=%q \"quoted\"`,
                    },
                  ],
                },
              },
              permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT_A}:policy/backstage-boundary`,
              tags: { owner: 'team-orders', 'cost center': 'a/b=c' },
              createDate: '2025-01-02T03:04:05.000Z',
              lastUsed: '2026-11-01T00:00:00.000Z',
              lastUsedRegion: 'us-east-1',
            },
            {
              name: 'shared-role',
              trustPolicy: podIdentityTrust,
              inlinePolicies: {
                chain: {
                  Version: '2012-10-17',
                  Statement: [
                    {
                      Effect: 'Allow',
                      Action: ['sts:AssumeRole', 'sts:TagSession'],
                      Resource: `arn:aws:iam::${ACCOUNT_B}:role/target-role`,
                    },
                  ],
                },
              },
              lastUsed: null,
            },
            {
              name: 'irsa-role',
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: {
                      Federated: `arn:aws:iam::${ACCOUNT_A}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC`,
                    },
                    Action: 'sts:AssumeRoleWithWebIdentity',
                  },
                ],
              },
              managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
            },
          ],
        },
        clusters: [
          {
            name: 'alpha',
            region: 'us-east-1',
            version: '1.31',
            tags: { env: 'prod' },
            addons: [
              {
                name: 'eks-pod-identity-agent',
                version: 'v1.3.8-eksbuild.1',
                status: 'ACTIVE',
              },
            ],
            associations: [
              {
                namespace: 'team-orders',
                serviceAccount: 'orders-api',
                role: 'orders-role',
                tags: { owner: 'team-orders' },
                createdAt: '2026-01-01T00:00:00.000Z',
                modifiedAt: '2026-02-01T00:00:00.000Z',
              },
              {
                namespace: 'team-orders',
                serviceAccount: 'worker',
                role: 'shared-role',
                disableSessionTags: true,
                policy: {
                  Version: '2012-10-17',
                  Statement: [
                    {
                      Effect: 'Allow',
                      Action: 's3:GetObject',
                      Resource: 'arn:aws:s3:::orders-data/*',
                    },
                  ],
                },
              },
              {
                namespace: 'team-orders',
                serviceAccount: 'cross',
                role: 'shared-role',
                targetRoleArn: `arn:aws:iam::${ACCOUNT_B}:role/target-role`,
                ownerArn: `arn:aws:eks:us-east-1:${ACCOUNT_A}:addon/alpha/some-addon/abc`,
              },
            ],
            kubernetes: {
              namespaces: ['team-orders'],
              serviceAccounts: [
                {
                  namespace: 'team-orders',
                  name: 'orders-api',
                  labels: { app: 'orders' },
                },
                {
                  namespace: 'team-orders',
                  name: 'worker',
                  annotations: {
                    'eks.amazonaws.com/role-arn': `arn:aws:iam::${ACCOUNT_A}:role/irsa-role`,
                  },
                },
              ],
              nodes: [
                { name: 'node-a', labels: { 'kubernetes.io/os': 'linux' } },
                {
                  name: 'fargate-1',
                  labels: { 'eks.amazonaws.com/compute-type': 'fargate' },
                },
                { name: 'win-1', labels: { 'kubernetes.io/os': 'windows' } },
              ],
              workloads: [
                {
                  kind: 'Deployment',
                  namespace: 'team-orders',
                  name: 'orders-api',
                  labels: { 'backstage.io/kubernetes-id': 'orders' },
                  serviceAccountName: 'orders-api',
                  replicas: 2,
                  nodeNames: ['node-a', 'fargate-1'],
                  startedAt: '2026-01-15T00:00:00.000Z',
                },
                {
                  kind: 'Job',
                  namespace: 'team-orders',
                  name: 'nightly',
                  labels: { app: 'nightly' },
                },
                {
                  kind: 'DaemonSet',
                  namespace: 'kube-system',
                  name: 'eks-pod-identity-agent',
                  labels: {
                    'app.kubernetes.io/name': 'eks-pod-identity-agent',
                  },
                },
              ],
              pods: [
                {
                  namespace: 'team-orders',
                  name: 'debug',
                  serviceAccountName: 'worker',
                  nodeName: 'win-1',
                  startTime: '2026-03-01T00:00:00.000Z',
                },
              ],
            },
          },
          {
            name: 'beta',
            region: 'eu-west-1',
            autoMode: true,
            associations: [
              {
                namespace: 'payments',
                serviceAccount: 'api',
                role: 'orders-role',
              },
            ],
            kubernetes: {
              namespaces: ['payments'],
              serviceAccounts: [{ namespace: 'payments', name: 'api' }],
            },
          },
        ],
      },
      {
        id: ACCOUNT_B,
        alias: 'data',
        iam: {
          roles: [
            {
              name: 'target-role',
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: {
                      AWS: `arn:aws:iam::${ACCOUNT_A}:role/shared-role`,
                    },
                    Action: ['sts:AssumeRole', 'sts:TagSession'],
                  },
                ],
              },
              managedPolicyArns: [
                'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
              ],
            },
            { name: 'other-role', trustPolicy: podIdentityTrust },
          ],
        },
        clusters: [
          {
            name: 'gamma',
            region: 'us-east-1',
            associations: [
              { namespace: 'data', serviceAccount: 'etl', role: 'other-role' },
            ],
            kubernetes: { namespaces: ['data'] },
          },
        ],
      },
    ],
  };
}
