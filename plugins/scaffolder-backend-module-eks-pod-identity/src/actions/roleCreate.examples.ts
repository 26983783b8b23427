import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Role for one service account with read access to an S3 prefix, trust scoped to that service account',
    example: yaml.stringify({
      steps: [
        {
          id: 'role',
          action: 'eks-pod-identity:role:create',
          name: 'Create the IAM role',
          input: {
            cluster: 'prod-use1',
            namespace: 'team-orders',
            serviceAccount: 'orders-worker',
            roleName: 'bs-orders-worker',
            permissions: [
              { preset: 's3-read', resource: 'orders-data/reports/' },
            ],
            tags: { owner: 'team-orders' },
          },
        },
      ],
    }),
  },
  {
    description:
      'Role with custom statements and an AWS-managed policy, trust scoped to the cluster',
    example: yaml.stringify({
      steps: [
        {
          id: 'role',
          action: 'eks-pod-identity:role:create',
          name: 'Create the IAM role',
          input: {
            cluster: 'prod-use1',
            roleName: 'bs-orders-batch',
            trustScope: 'cluster',
            customPolicy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: ['dynamodb:Query'],
                  Resource:
                    'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
                },
              ],
            }),
            managedPolicyArns: [
              'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
            ],
            tags: { owner: 'team-orders' },
          },
        },
      ],
    }),
  },
  {
    description:
      'Cross-account: the role may only assume the target role; the step outputs the trust policy the target account must add',
    example: yaml.stringify({
      steps: [
        {
          id: 'role',
          action: 'eks-pod-identity:role:create',
          name: 'Create the role-chaining role',
          input: {
            cluster: 'prod-use1',
            namespace: 'team-data',
            serviceAccount: 'inventory-sync',
            roleName: 'bs-inventory-sync-chain',
            targetRoleArn: 'arn:aws:iam::333333333333:role/inventory-reader',
            tags: { owner: 'team-data' },
          },
        },
      ],
    }),
  },
];
