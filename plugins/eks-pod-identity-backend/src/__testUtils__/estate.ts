import type { Entity } from '@backstage/catalog-model';
import type { ManagedPolicyRecord } from '@pod-identity/plugin-eks-pod-identity-node';
import {
  ALPHA,
  BETA,
  FakeScanner,
  accountInventory,
  association,
  clusterInventory,
  role,
} from './fixtures';

export const S3_READ: ManagedPolicyRecord = {
  arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
  name: 'AmazonS3ReadOnlyAccess',
  path: '/',
  awsManaged: true,
  defaultVersionId: 'v3',
  document: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' },
    ],
  },
};

export const BOUNDARY: ManagedPolicyRecord = {
  arn: 'arn:aws:iam::111111111111:policy/boundary',
  name: 'boundary',
  path: '/',
  awsManaged: false,
  defaultVersionId: 'v1',
  document: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
  },
};

export const ordersRole = role('111111111111', 'orders', {
  path: '/apps/',
  arn: 'arn:aws:iam::111111111111:role/apps/orders',
  attachedPolicyArns: [S3_READ.arn],
  permissionsBoundaryArn: BOUNDARY.arn,
  inlinePolicies: [
    {
      name: 'queue',
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Resource: 'arn:aws:sqs:us-east-1:111111111111:orders',
          },
        ],
      },
    },
  ],
  tags: { owner: 'team-orders' },
  lastUsed: '2026-10-30T00:00:00.000Z',
  lastUsedRegion: 'us-east-1',
});
export const paymentsRole = role('111111111111', 'payments');
export const ghostRoleArn = 'arn:aws:iam::111111111111:role/ghost';
export const dataReaderArn = 'arn:aws:iam::333333333333:role/data-reader';
export const betaRole = role('222222222222', 'orders-beta');

const deployment = (
  namespace: string,
  name: string,
  id: string,
  serviceAccountName: string,
) => ({
  kind: 'Deployment' as const,
  namespace,
  name,
  labels: { 'backstage.io/kubernetes-id': id, app: name },
  podLabels: { app: name },
  serviceAccountName,
});

export function alphaInventory() {
  return clusterInventory(ALPHA, {
    associations: [
      association(ALPHA, 1, 'team-orders', 'orders', ordersRole.arn, {
        tags: { owner: 'team-orders' },
      }),
      association(ALPHA, 2, 'team-orders', 'orders-worker', ordersRole.arn),
      association(ALPHA, 3, 'team-payments', 'payments', paymentsRole.arn, {
        targetRoleArn: dataReaderArn,
        disableSessionTags: true,
        sessionPolicy: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
          ],
        },
      }),
      association(ALPHA, 4, 'team-search', 'search', ghostRoleArn),
    ],
    namespaces: ['default', 'kube-system', 'team-orders', 'team-payments'],
    serviceAccounts: [
      { namespace: 'team-orders', name: 'orders', labels: {}, annotations: {} },
      {
        namespace: 'team-orders',
        name: 'default',
        labels: {},
        annotations: {},
      },
      {
        namespace: 'team-orders',
        name: 'orders-worker',
        labels: {},
        annotations: { 'eks.amazonaws.com/role-arn': ordersRole.arn },
        irsaRoleArn: ordersRole.arn,
      },
      {
        namespace: 'team-payments',
        name: 'payments',
        labels: {},
        annotations: {},
      },
    ],
    workloads: [
      deployment('team-orders', 'orders', 'orders', 'orders'),
      {
        ...deployment('team-orders', 'orders-migrate', 'orders', 'default'),
        kind: 'Job' as const,
      },
      deployment('team-payments', 'payments', 'payments', 'payments'),
    ],
  });
}

export function betaInventory() {
  return clusterInventory(BETA, {
    associations: [association(BETA, 1, 'team-orders', 'orders', betaRole.arn)],
    namespaces: ['default', 'team-orders'],
    serviceAccounts: [
      { namespace: 'team-orders', name: 'orders', labels: {}, annotations: {} },
    ],
    workloads: [deployment('team-orders', 'orders', 'orders', 'orders')],
  });
}

export function estateScanner(): FakeScanner {
  const scanner = new FakeScanner();
  scanner.clusters = [ALPHA, BETA];
  scanner.inventories.set('alpha', alphaInventory());
  scanner.inventories.set('beta', betaInventory());
  scanner.accounts.set(
    '111111111111',
    accountInventory('111111111111', [ordersRole, paymentsRole], {
      policies: [S3_READ, BOUNDARY],
    }),
  );
  scanner.accounts.set(
    '222222222222',
    accountInventory('222222222222', [betaRole]),
  );
  return scanner;
}

const component = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', owner: `team-${name}` },
});

export const entities: Entity[] = [
  component('orders', { 'backstage.io/kubernetes-id': 'orders' }),
  component('payments', {
    'eks-pod-identity/service-accounts':
      'alpha:team-payments/payments, *:team-shared/reporter',
  }),
  component('nothing', {}),
  component('broken', { 'eks-pod-identity/service-accounts': 'alpha/team-x' }),
  component('selected', {
    'backstage.io/kubernetes-label-selector': 'app in (payments)',
    'backstage.io/kubernetes-namespace': 'team-payments',
  }),
];
