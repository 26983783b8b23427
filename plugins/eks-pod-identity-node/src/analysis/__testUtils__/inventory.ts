import type { PolicyDocument } from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  AccountIamInventory,
  AssociationRecord,
  ClusterInventory,
  ManagedPolicyRecord,
  RoleRecord,
} from '../../inventory/types';
import type { AnalysisInput } from '../types';

/*
 * Hand-built inventories for the analysis unit tests. `healthyEstate()` is
 * the clean control: no finding may fire on it. Each test breaks one thing.
 */

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';
export const NOW = new Date('2026-11-28T12:00:00Z');
export const CLUSTER = 'prod';
export const CLUSTER_ARN = `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/${CLUSTER}`;

export const roleArn = (name: string, accountId = ACCOUNT) =>
  `arn:aws:iam::${accountId}:role/${name}`;
export const policyArn = (name: string, accountId = ACCOUNT) =>
  `arn:aws:iam::${accountId}:policy/${name}`;

export const doc = (
  ...Statement: PolicyDocument['Statement'][]
): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: Statement.flat() as PolicyDocument['Statement'],
});

/** Pod Identity trust scoped to one cluster, namespace and service account. */
export function scopedTrust(
  namespace: string,
  serviceAccount: string,
): PolicyDocument {
  return doc({
    Sid: 'PodIdentity',
    Effect: 'Allow',
    Principal: { Service: 'pods.eks.amazonaws.com' },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
    Condition: {
      StringEquals: {
        'aws:RequestTag/eks-cluster-arn': CLUSTER_ARN,
        'aws:RequestTag/kubernetes-namespace': namespace,
        'aws:RequestTag/kubernetes-service-account': serviceAccount,
      },
    },
  });
}

export const BOUNDARY: ManagedPolicyRecord = {
  arn: policyArn('workload-boundary'),
  name: 'workload-boundary',
  path: '/',
  awsManaged: false,
  defaultVersionId: 'v1',
  document: doc(
    {
      Sid: 'DataPlane',
      Effect: 'Allow',
      Action: [
        's3:GetObject',
        's3:PutObject',
        's3:ListBucket',
        'sqs:SendMessage',
        'sts:AssumeRole',
        'sts:TagSession',
      ],
      Resource: '*',
    },
    { Sid: 'NoIam', Effect: 'Deny', Action: 'iam:*', Resource: '*' },
  ),
};

export function workloadRole(
  name: string,
  overrides: Partial<RoleRecord> & {
    namespace?: string;
    serviceAccount?: string;
  } = {},
): RoleRecord {
  const { namespace = 'team-a', serviceAccount = name, ...rest } = overrides;
  return {
    arn: roleArn(name, rest.accountId ?? ACCOUNT),
    name,
    accountId: ACCOUNT,
    path: '/',
    createDate: '2026-01-01T00:00:00Z',
    trustPolicy: scopedTrust(namespace, serviceAccount),
    inlinePolicies: [
      {
        name: 'data',
        document: doc({
          Sid: 'ReadOrders',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:ListBucket'],
          Resource: ['arn:aws:s3:::orders', 'arn:aws:s3:::orders/*'],
        }),
      },
    ],
    attachedPolicyArns: [],
    permissionsBoundaryArn: BOUNDARY.arn,
    tags: {},
    lastUsed: '2026-11-27T10:00:00Z',
    ...rest,
  };
}

let nextId = 1;

export function association(
  namespace: string,
  serviceAccount: string,
  role: string,
  overrides: Partial<AssociationRecord> = {},
): AssociationRecord {
  const id = `a-${String(nextId++).padStart(17, '0')}`;
  return {
    associationId: id,
    associationArn: `arn:aws:eks:us-east-1:${ACCOUNT}:podidentityassociation/${CLUSTER}/${id}`,
    clusterName: CLUSTER,
    namespace,
    serviceAccount,
    roleArn: role,
    disableSessionTags: false,
    tags: {},
    createdAt: '2026-10-01T00:00:00Z',
    modifiedAt: '2026-10-01T00:00:00Z',
    ...overrides,
  };
}

/** A healthy cluster: agent active, Linux EC2 nodes, every association's service account and pods present. */
export function cluster(
  associations: AssociationRecord[],
  overrides: Partial<ClusterInventory> = {},
): ClusterInventory {
  const namespaces = [
    ...new Set(['kube-system', ...associations.map(a => a.namespace)]),
  ];
  return {
    cluster: {
      name: CLUSTER,
      accountId: ACCOUNT,
      region: 'us-east-1',
      arn: CLUSTER_ARN,
      autoMode: false,
      tags: {},
      status: 'ok',
    },
    agent: {
      installed: true,
      addonStatus: 'ACTIVE',
      addonVersion: 'v1.3.8-eksbuild.1',
      daemonSetPresent: true,
      daemonSetReady: true,
    },
    associations,
    namespaces,
    serviceAccounts: associations.map(a => ({
      namespace: a.namespace,
      name: a.serviceAccount,
      labels: {},
      annotations: {},
    })),
    workloads: associations.map(a => ({
      kind: 'Deployment' as const,
      namespace: a.namespace,
      name: a.serviceAccount,
      labels: {},
      podLabels: {},
      serviceAccountName: a.serviceAccount,
    })),
    pods: associations.map(a => ({
      namespace: a.namespace,
      name: `${a.serviceAccount}-7d9f-abcde`,
      labels: {},
      serviceAccountName: a.serviceAccount,
      nodeName: 'ip-10-0-1-1.ec2.internal',
      startTime: '2026-11-20T00:00:00Z',
      phase: 'Running',
    })),
    nodes: [
      {
        name: 'ip-10-0-1-1.ec2.internal',
        computeType: 'ec2',
        os: 'linux',
        labels: {},
      },
    ],
    scannedAt: NOW.toISOString(),
    ...overrides,
  };
}

export function account(
  roles: RoleRecord[],
  policies: ManagedPolicyRecord[] = [BOUNDARY],
  overrides: Partial<AccountIamInventory> = {},
): AccountIamInventory {
  return {
    accountId: ACCOUNT,
    complete: true,
    mode: 'authorizationDetails',
    roles,
    policies,
    notFoundRoleArns: [],
    unreadablePolicyArns: [],
    scannedAt: NOW.toISOString(),
    ...overrides,
  };
}

export const ownedKey = (a: AssociationRecord, clusterName = CLUSTER) =>
  `${clusterName}:${a.namespace}/${a.serviceAccount}`;

/** One healthy association ("orders"), owned by a catalog entity. */
export function healthyEstate(): AnalysisInput & {
  role: RoleRecord;
  assoc: AssociationRecord;
} {
  const role = workloadRole('orders', {
    namespace: 'team-a',
    serviceAccount: 'orders',
  });
  const assoc = association('team-a', 'orders', role.arn);
  return {
    role,
    assoc,
    clusters: [cluster([assoc])],
    accounts: [account([role])],
    ownedServiceAccounts: new Set([ownedKey(assoc)]),
  };
}
