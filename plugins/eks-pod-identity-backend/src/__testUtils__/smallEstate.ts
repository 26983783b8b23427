import type { EstateSeed } from '@pod-identity/sandbox';

const trust = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow' as const,
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    },
  ],
};

const app = (name: string) => ({
  namespaces: ['team-a'],
  nodes: [{ name: `${name}-node-1`, labels: { 'kubernetes.io/os': 'linux' } }],
  serviceAccounts: [{ namespace: 'team-a', name: 'api' }],
  workloads: [
    {
      kind: 'Deployment' as const,
      namespace: 'team-a',
      name: 'api',
      labels: { 'backstage.io/kubernetes-id': 'api' },
      serviceAccountName: 'api',
    },
  ],
});

/** Two clusters in one account, one association each: quick to scan. */
export const SMALL_ESTATE: EstateSeed = {
  accounts: [
    {
      id: '111111111111',
      iam: { roles: [{ name: 'api', trustPolicy: trust }] },
      clusters: ['small-a', 'small-b'].map(name => ({
        name,
        region: 'us-east-1',
        addons: [
          {
            name: 'eks-pod-identity-agent',
            version: 'v1.3.4-eksbuild.1',
            status: 'ACTIVE' as const,
          },
        ],
        associations: [
          { namespace: 'team-a', serviceAccount: 'api', role: 'api' },
        ],
        kubernetes: app(name),
      })),
    },
  ],
};
