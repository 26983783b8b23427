/** Real AWS SDK v3 clients pointed at a sandbox, and the small estate the contract tests share. */
import { EKSClient } from '@aws-sdk/client-eks';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { EstateSeed, PolicyDocument, Sandbox } from '../types';

export const MAIN = '111111111111';
export const OTHER = '222222222222';
export const REGION = 'us-east-1';

export const POD_IDENTITY_TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    },
  ],
};

export const READ_BUCKET: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::orders/*',
    },
  ],
};

/** Two accounts; the main one has a cluster with the agent add-on and one association. */
export function smallEstate(): EstateSeed {
  return {
    accounts: [
      {
        id: MAIN,
        alias: 'main',
        iam: {
          policies: [{ name: 'orders-read', document: READ_BUCKET }],
          roles: [
            {
              name: 'orders-api',
              trustPolicy: POD_IDENTITY_TRUST,
              managedPolicyArns: [`arn:aws:iam::${MAIN}:policy/orders-read`],
              inlinePolicies: {
                queue: {
                  Version: '2012-10-17',
                  Statement: [
                    {
                      Effect: 'Allow',
                      Action: 'sqs:SendMessage',
                      Resource: '*',
                    },
                  ],
                },
              },
              tags: { owner: 'team-orders' },
              lastUsed: '2026-01-02T03:04:05Z',
              lastUsedRegion: REGION,
            },
            {
              name: 'ec2-only',
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { Service: 'ec2.amazonaws.com' },
                    Action: 'sts:AssumeRole',
                  },
                ],
              },
            },
            {
              name: 'no-tag-session',
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { Service: 'pods.eks.amazonaws.com' },
                    Action: 'sts:AssumeRole',
                  },
                ],
              },
            },
            {
              name: 'backstage-reader',
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { AWS: `arn:aws:iam::${MAIN}:root` },
                    Action: 'sts:AssumeRole',
                  },
                ],
              },
              managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
            },
          ],
        },
        clusters: [
          {
            name: 'prod',
            region: REGION,
            version: '1.31',
            tags: { env: 'prod' },
            addons: [{ name: 'eks-pod-identity-agent' }],
            associations: [
              {
                namespace: 'orders',
                serviceAccount: 'orders-api',
                role: 'orders-api',
              },
            ],
            kubernetes: {
              namespaces: ['orders'],
              serviceAccounts: [{ namespace: 'orders', name: 'orders-api' }],
            },
          },
          { name: 'auto', region: REGION, autoMode: true },
          { name: 'eu', region: 'eu-west-1' },
        ],
      },
      {
        id: OTHER,
        alias: 'other',
        iam: {
          roles: [
            {
              name: 'backstage-reader',
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { AWS: `arn:aws:iam::${MAIN}:root` },
                    Action: 'sts:AssumeRole',
                  },
                ],
              },
              managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
            },
            { name: 'data-target', trustPolicy: POD_IDENTITY_TRUST },
          ],
        },
        clusters: [{ name: 'other-prod', region: REGION }],
      },
    ],
  };
}

type Credentials = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
};

export function clientConfig(
  sandbox: Sandbox,
  credentials: Credentials,
  region = REGION,
  maxAttempts = 1,
) {
  return { endpoint: sandbox.endpoints.eks, region, credentials, maxAttempts };
}

export function awsClients(
  sandbox: Sandbox,
  accountIdOrCredentials: string | Credentials = MAIN,
  region = REGION,
) {
  const credentials =
    typeof accountIdOrCredentials === 'string'
      ? sandbox.credentialsFor(accountIdOrCredentials)
      : accountIdOrCredentials;
  return {
    eks: new EKSClient({
      ...clientConfig(sandbox, credentials, region),
      endpoint: sandbox.endpoints.eks,
    }),
    iam: new IAMClient({
      ...clientConfig(sandbox, credentials, region),
      endpoint: sandbox.endpoints.iam,
    }),
    sts: new STSClient({
      ...clientConfig(sandbox, credentials, region),
      endpoint: sandbox.endpoints.sts,
    }),
  };
}

/** The error a call rejects with; fails the test when the call succeeds. */
export async function errorOf(call: Promise<unknown>): Promise<any> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
