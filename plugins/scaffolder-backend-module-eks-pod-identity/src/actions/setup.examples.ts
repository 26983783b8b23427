import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Read access to an S3 prefix and a DynamoDB table for an existing service account',
    example: yaml.stringify({
      steps: [
        {
          id: 'access',
          action: 'eks-pod-identity:setup',
          name: 'Grant AWS access',
          input: {
            cluster: 'prod-use1',
            namespace: 'team-orders',
            serviceAccount: 'orders-api',
            permissions: [
              { preset: 's3-read', resource: 'orders-data/reports/' },
              { preset: 'dynamodb-read', resource: 'orders' },
            ],
            tags: { owner: 'team-orders' },
            entityRef: 'component:default/orders-api',
          },
        },
      ],
    }),
  },
  {
    description:
      'New namespace and service account, queue consumer with a custom statement',
    example: yaml.stringify({
      steps: [
        {
          id: 'access',
          action: 'eks-pod-identity:setup',
          name: 'Grant AWS access',
          input: {
            cluster: 'prod-use1',
            namespace: 'team-returns',
            serviceAccount: 'returns-worker',
            createNamespace: true,
            roleName: 'bs-returns-worker',
            permissions: [
              { preset: 'sqs-consume', resource: 'returns-events' },
            ],
            customPolicy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 'sns:Publish',
                  Resource: 'arn:aws:sns:us-east-1:111111111111:returns-done',
                },
              ],
            },
            tags: { owner: 'team-orders' },
          },
        },
      ],
    }),
  },
  {
    description:
      'Cross-account access: the pods end up in a role of the data account',
    example: yaml.stringify({
      steps: [
        {
          id: 'access',
          action: 'eks-pod-identity:setup',
          name: 'Grant cross-account access',
          input: {
            cluster: 'prod-use1',
            namespace: 'team-data',
            serviceAccount: 'inventory-sync',
            targetRoleArn: 'arn:aws:iam::333333333333:role/inventory-reader',
            tags: { owner: 'team-data' },
          },
        },
      ],
    }),
  },
];
