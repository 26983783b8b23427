import type { Entity } from '@backstage/catalog-model';
import type {
  AccessSummary,
  Association,
  ClusterStatus,
  EntityAccessResponse,
  Finding,
  RoleDetail,
  RoleSummary,
  ServiceAccountAccess,
} from '@pod-identity/plugin-eks-pod-identity-common';

export const ordersApiEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-api',
    namespace: 'default',
    annotations: {
      'eks-pod-identity/service-accounts': 'prod-use1:team-orders/orders-api',
    },
  },
  spec: {
    type: 'service',
    owner: 'group:default/team-orders',
    lifecycle: 'production',
  },
};

export const unmappedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'website', namespace: 'default' },
  spec: {
    type: 'website',
    owner: 'group:default/team-web',
    lifecycle: 'production',
  },
};

export const roleArn = 'arn:aws:iam::111111111111:role/backstage/orders-api';

export function finding(
  code: Finding['code'],
  severity: Finding['severity'],
  subjectId = 'a-0123456789abcdef0',
): Finding {
  return {
    code,
    severity,
    title: `${code} title`,
    detail: `${code} detail`,
    remediation: `${code} remediation`,
    subject: { type: 'association', id: subjectId },
  };
}

export function cluster(
  name: string,
  overrides: Partial<ClusterStatus> = {},
): ClusterStatus {
  return {
    name,
    accountId: '111111111111',
    region: 'us-east-1',
    status: 'ok',
    agent: { installed: true, addonStatus: 'ACTIVE', addonVersion: 'v1.3.4' },
    associationCount: 12,
    lastScanAt: '2026-11-28T09:00:00Z',
    ...overrides,
  };
}

export const readAndWriteAccess: AccessSummary = {
  admin: false,
  services: [
    {
      service: 's3',
      levels: {
        List: 1,
        Read: 2,
        Write: 1,
        'Permissions management': 0,
        Tagging: 0,
      },
      wildcardResource: false,
      resources: ['arn:aws:s3:::orders-data/*'],
    },
    {
      service: 'sqs',
      levels: {
        List: 0,
        Read: 1,
        Write: 0,
        'Permissions management': 0,
        Tagging: 0,
      },
      wildcardResource: true,
      resources: ['*'],
    },
  ],
};

export function association(overrides: Partial<Association> = {}): Association {
  return {
    id: 'a-0123456789abcdef0',
    arn: 'arn:aws:eks:us-east-1:111111111111:podidentityassociation/prod-use1/a-0123456789abcdef0',
    cluster: 'prod-use1',
    namespace: 'team-orders',
    serviceAccount: 'orders-api',
    roleArn,
    disableSessionTags: false,
    createdAt: '2026-10-01T10:00:00Z',
    modifiedAt: '2026-10-02T10:00:00Z',
    tags: {},
    mappedEntityRefs: ['component:default/orders-api'],
    findings: [],
    ...overrides,
  };
}

export const roleSummary: RoleSummary = {
  arn: roleArn,
  name: 'orders-api',
  accountId: '111111111111',
  state: 'found',
  path: '/backstage/',
  permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/backstage-boundary',
  managedPolicyArns: ['arn:aws:iam::111111111111:policy/orders-data-read'],
  inlinePolicyNames: ['queue'],
  lastUsed: '2026-11-27T08:00:00Z',
};

export function serviceAccountAccess(
  overrides: Partial<ServiceAccountAccess> = {},
): ServiceAccountAccess {
  return {
    cluster: 'prod-use1',
    namespace: 'team-orders',
    serviceAccount: 'orders-api',
    source: 'annotation',
    serviceAccountExists: true,
    association: association(),
    role: roleSummary,
    access: readAndWriteAccess,
    findings: [
      finding('TRUST_UNSCOPED', 'low'),
      finding('POLICY_WILDCARD_ACTION', 'high'),
    ],
    ...overrides,
  };
}

export function entityAccess(
  overrides: Partial<EntityAccessResponse> = {},
): EntityAccessResponse {
  return {
    entityRef: 'component:default/orders-api',
    scannedAt: '2026-11-28T09:00:00Z',
    clusters: [cluster('prod-use1')],
    items: [serviceAccountAccess()],
    ...overrides,
  };
}

export const roleDetail: RoleDetail = {
  arn: roleArn,
  name: 'orders-api',
  accountId: '111111111111',
  path: '/backstage/',
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      },
    ],
  },
  managedPolicies: [
    {
      arn: 'arn:aws:iam::111111111111:policy/orders-data-read',
      name: 'orders-data-read',
      awsManaged: false,
      document: {
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
  ],
  inlinePolicies: [
    {
      name: 'queue',
      document: {
        Statement: [
          { Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' },
        ],
      },
    },
  ],
  permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/backstage-boundary',
  permissionsBoundary: {
    Statement: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }],
  },
  tags: { owner: 'team-orders' },
  createDate: '2026-09-30T10:00:00Z',
  lastUsed: '2026-11-27T08:00:00Z',
  lastUsedRegion: 'us-east-1',
  maxSessionDuration: 3600,
  usedBy: [
    {
      cluster: 'prod-use1',
      namespace: 'team-orders',
      serviceAccount: 'orders-api',
      associationId: 'a-0123456789abcdef0',
    },
  ],
  findings: [finding('NO_PERMISSIONS_BOUNDARY', 'low', roleArn)],
};
