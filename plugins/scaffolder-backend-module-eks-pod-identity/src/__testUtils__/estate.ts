import type { EstateSeed, PolicyDocument } from '@pod-identity/sandbox';

export const PROD = '111111111111';
export const DATA = '333333333333';
export const PROD_CLUSTER = 'prod-use1';
export const PROD_CLUSTER_ARN = `arn:aws:eks:us-east-1:${PROD}:cluster/${PROD_CLUSTER}`;
/** A cluster outside `allowedClusters` of the test guardrails. */
export const SANDBOX_CLUSTER = 'sandbox-use1';
export const IRSA_ROLE_ARN = `arn:aws:iam::${PROD}:role/payments-api-irsa`;
export const TARGET_ROLE_ARN = `arn:aws:iam::${DATA}:role/inventory-reader`;
/** A target role that is an administrator of its account, which no plan may chain to. */
export const ADMIN_TARGET_ROLE_ARN = `arn:aws:iam::${DATA}:role/data-admin`;

/** The OIDC issuer (without https://) of prod-use1, as IRSA trust policies name it. */
export const OIDC = `oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF`;
const BOUNDARY_ARN = `arn:aws:iam::${PROD}:policy/backstage-boundary`;
const OWNER_TAG = 'eks-pod-identity/owner';

const podIdentityTrust = (condition?: Record<string, unknown>) =>
  ({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  } as PolicyDocument);

/** A Pod Identity trust pinned to prod-use1 and, when given, one service account. */
const scopedTrust = (serviceAccount?: [string, string]) =>
  podIdentityTrust({
    StringEquals: {
      'aws:SourceAccount': PROD,
      ...(serviceAccount
        ? {
            'aws:RequestTag/kubernetes-namespace': serviceAccount[0],
            'aws:RequestTag/kubernetes-service-account': serviceAccount[1],
          }
        : {}),
    },
    ArnEquals: { 'aws:SourceArn': PROD_CLUSTER_ARN },
  });

const boundary: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        's3:*',
        'dynamodb:*',
        'sqs:*',
        'sns:Publish',
        'kms:Decrypt',
        'sts:*',
      ],
      Resource: '*',
    },
    { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
  ],
};

/**
 * The estate every test of this package starts from: one production account
 * with an allowed and a disallowed cluster, an IRSA service account to
 * migrate, a role the scaffolder made earlier, one it did not make, and a
 * data account holding a cross-account target role. Names follow the demo
 * estate so the action examples read the same in both.
 */
export function testEstate(): EstateSeed {
  return {
    accounts: [
      {
        id: PROD,
        alias: 'platform-prod',
        iam: {
          policies: [{ name: 'backstage-boundary', document: boundary }],
          roles: [
            {
              name: 'payments-api-irsa',
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: {
                      Federated: `arn:aws:iam::${PROD}:oidc-provider/${OIDC}`,
                    },
                    Action: 'sts:AssumeRoleWithWebIdentity',
                    Condition: {
                      StringEquals: {
                        [`${OIDC}:sub`]:
                          'system:serviceaccount:team-payments:payments-api',
                      },
                    },
                  },
                ],
              },
              managedPolicyArns: [
                'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
              ],
              permissionsBoundaryArn: BOUNDARY_ARN,
              tags: {
                owner: 'team-payments',
                [OWNER_TAG]: 'group:default/team-payments',
              },
            },
            {
              name: 'bs-orders-api',
              path: '/backstage/',
              trustPolicy: scopedTrust(['team-orders', 'orders-api']),
              permissionsBoundaryArn: BOUNDARY_ARN,
              tags: {
                owner: 'team-orders',
                'eks-pod-identity/managed-by': 'backstage-scaffolder',
                'backstage.io/entity-ref': 'component:default/orders-api',
                [OWNER_TAG]: 'group:default/team-orders',
              },
            },
            {
              name: 'bs-orders-reporting',
              path: '/backstage/',
              trustPolicy: scopedTrust(),
              permissionsBoundaryArn: BOUNDARY_ARN,
              tags: {
                owner: 'team-orders',
                'eks-pod-identity/managed-by': 'backstage-scaffolder',
                [OWNER_TAG]: 'group:default/team-orders',
              },
            },
            {
              name: 'shared-by-hand',
              trustPolicy: podIdentityTrust(),
              tags: { owner: 'platform-team' },
            },
          ],
        },
        clusters: [
          {
            name: PROD_CLUSTER,
            region: 'us-east-1',
            oidcIssuer: `https://${OIDC}`,
            addons: [{ name: 'eks-pod-identity-agent', status: 'ACTIVE' }],
            associations: [
              {
                namespace: 'team-search',
                serviceAccount: 'search-api',
                role: 'shared-by-hand',
              },
            ],
            kubernetes: {
              namespaces: [
                'team-orders',
                'team-payments',
                'team-data',
                'team-search',
              ],
              serviceAccounts: [
                { namespace: 'team-orders', name: 'orders-api' },
                { namespace: 'team-data', name: 'inventory-sync' },
                { namespace: 'team-search', name: 'search-api' },
                {
                  namespace: 'team-payments',
                  name: 'payments-api',
                  annotations: { 'eks.amazonaws.com/role-arn': IRSA_ROLE_ARN },
                },
                {
                  namespace: 'team-payments',
                  name: 'cross-account-irsa',
                  annotations: {
                    'eks.amazonaws.com/role-arn': TARGET_ROLE_ARN,
                  },
                },
                {
                  namespace: 'team-payments',
                  name: 'labelled',
                  labels: { 'app.kubernetes.io/name': 'labelled' },
                },
              ],
            },
          },
          {
            name: SANDBOX_CLUSTER,
            region: 'us-east-1',
            kubernetes: { namespaces: ['team-orders'] },
          },
        ],
      },
      {
        id: DATA,
        alias: 'data',
        iam: {
          roles: [
            {
              name: 'data-admin',
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { AWS: `arn:aws:iam::${PROD}:root` },
                    Action: ['sts:AssumeRole', 'sts:TagSession'],
                  },
                ],
              },
              managedPolicyArns: [
                'arn:aws:iam::aws:policy/AdministratorAccess',
              ],
            },
            {
              name: 'inventory-reader',
              trustPolicy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { AWS: `arn:aws:iam::${PROD}:root` },
                    Action: 'sts:AssumeRole',
                  },
                ],
              },
            },
          ],
        },
      },
    ],
  };
}
