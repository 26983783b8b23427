import type { PolicyDocument } from '@pod-identity/plugin-eks-pod-identity-common';
import { existingTrustScope, irsaTrustGap } from './existingTrust';
import { buildTrustPolicy, TrustScope } from './trustPolicy';

const ACCOUNT = '111111111111';
const CLUSTER_ARN = `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod-use1`;
const cluster = { name: 'prod-use1', arn: CLUSTER_ARN, accountId: ACCOUNT };
const use = {
  cluster,
  namespace: 'team-orders',
  serviceAccount: 'orders-api',
  sessionTags: true,
};

const trust = (Condition?: Record<string, unknown>): PolicyDocument =>
  ({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        ...(Condition ? { Condition } : {}),
      },
    ],
  } as PolicyDocument);

describe('existingTrustScope', () => {
  it.each<TrustScope>(['service-account', 'cluster', 'none'])(
    'reads back the scope of the trust the actions write: %s',
    scope => {
      const written = buildTrustPolicy(
        {
          accountId: ACCOUNT,
          clusterArn: CLUSTER_ARN,
          namespace: 'team-orders',
          serviceAccount: 'orders-api',
        },
        scope,
      ) as unknown as PolicyDocument;
      expect(existingTrustScope(written, use)).toBe(scope);
    },
  );

  it.each([
    [
      'service-account tags but any cluster of the account',
      trust({
        StringEquals: {
          'aws:RequestTag/kubernetes-namespace': 'team-orders',
          'aws:RequestTag/kubernetes-service-account': 'orders-api',
        },
      }),
      'none',
    ],
    [
      'tags tested only if present (IfExists): open to associations without session tags',
      trust({
        StringEqualsIfExists: {
          'aws:RequestTag/kubernetes-namespace': 'team-orders',
          'aws:RequestTag/kubernetes-service-account': 'orders-api',
        },
        ArnEquals: { 'aws:SourceArn': CLUSTER_ARN },
      }),
      'cluster',
    ],
    [
      'condition keys in another case (IAM compares them case-insensitively)',
      trust({
        StringEquals: {
          'AWS:REQUESTTAG/KUBERNETES-NAMESPACE': 'team-orders',
          'aws:requesttag/kubernetes-service-account': 'orders-api',
        },
        ArnLike: { 'aws:sourcearn': CLUSTER_ARN },
      }),
      'service-account',
    ],
    [
      'a namespace wildcard',
      trust({
        StringLike: {
          'aws:RequestTag/kubernetes-namespace': 'team-*',
          'aws:RequestTag/kubernetes-service-account': 'orders-api',
        },
        ArnEquals: { 'aws:SourceArn': CLUSTER_ARN },
      }),
      'cluster',
    ],
    ...['orders-?pi', 'or*ders-api', '*-api', 'orders-api*'].map(
      pattern =>
        [
          `a service-account wildcard ${pattern}`,
          trust({
            StringEquals: {
              'aws:RequestTag/kubernetes-namespace': 'team-orders',
            },
            StringLike: {
              'aws:RequestTag/kubernetes-service-account': pattern,
            },
            ArnEquals: { 'aws:SourceArn': CLUSTER_ARN },
          }),
          'cluster',
        ] as const,
    ),
    [
      'a cluster wildcard',
      trust({
        StringEquals: {
          'aws:RequestTag/kubernetes-namespace': 'team-orders',
          'aws:RequestTag/kubernetes-service-account': 'orders-api',
        },
        ArnLike: {
          'aws:SourceArn': `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod-*`,
        },
      }),
      'none',
    ],
    [
      'a narrow statement beside an open one',
      {
        Version: '2012-10-17',
        Statement: [
          ...(trust({ ArnEquals: { 'aws:SourceArn': CLUSTER_ARN } })
            .Statement as any[]),
          ...(trust().Statement as any[]),
        ],
      } as PolicyDocument,
      'none',
    ],
  ] as Array<readonly [string, PolicyDocument, string]>)(
    '%s',
    (_what, document, scope) => {
      expect(existingTrustScope(document, use)).toBe(scope);
    },
  );

  it('is undefined when the trust does not admit this service account', () => {
    const other = trust({
      StringEquals: {
        'aws:RequestTag/kubernetes-namespace': 'team-search',
        'aws:RequestTag/kubernetes-service-account': 'search-api',
      },
      ArnEquals: { 'aws:SourceArn': CLUSTER_ARN },
    });
    expect(existingTrustScope(other, use)).toBeUndefined();
    const ec2Only = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'ec2.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    } as PolicyDocument;
    expect(existingTrustScope(ec2Only, use)).toBeUndefined();
  });
});

describe('irsaTrustGap', () => {
  const issuer = 'oidc.eks.us-east-1.amazonaws.com/id/ABC';
  const withIssuer = { ...cluster, oidcIssuer: `https://${issuer}` };
  const oidc = (operator: string, sub: string, provider = issuer) =>
    ({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${provider}`,
          },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            [operator]: {
              [`${issuer}:sub`]: sub,
              [`${issuer}:aud`]: 'sts.amazonaws.com',
            },
          },
        },
      ],
    } as PolicyDocument);
  const gap = (document: PolicyDocument, c = withIssuer) =>
    irsaTrustGap(document, c, 'team-orders', 'orders-api');

  it('accepts a trust for exactly this service account', () => {
    expect(
      gap(oidc('StringEquals', 'system:serviceaccount:team-orders:orders-api')),
    ).toBeUndefined();
  });

  it.each([
    [
      'another service account',
      oidc('StringEquals', 'system:serviceaccount:team-orders:other'),
      /does not let .* assume it for system:serviceaccount:team-orders:orders-api/,
    ],
    [
      'a wildcard over the namespace',
      oidc('StringLike', 'system:serviceaccount:team-orders:*'),
      /for more service accounts than/,
    ],
    [
      'a one-character wildcard',
      oidc('StringLike', 'system:serviceaccount:team-orders:orders-?pi'),
      /for more service accounts than/,
    ],
    [
      "another cluster's OIDC provider",
      oidc(
        'StringEquals',
        'system:serviceaccount:team-orders:orders-api',
        'oidc.eks.us-east-1.amazonaws.com/id/OTHER',
      ),
      /does not let/,
    ],
  ])('refuses %s', (_what, document, message) => {
    expect(gap(document)).toMatch(message);
  });

  it('refuses on a cluster without an OIDC issuer', () => {
    expect(
      gap(
        oidc('StringEquals', 'system:serviceaccount:team-orders:orders-api'),
        cluster as typeof withIssuer,
      ),
    ).toMatch(/has no OIDC issuer/);
  });
});
