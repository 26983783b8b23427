import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Associate a service account with a role made in an earlier step',
    example: yaml.stringify({
      steps: [
        {
          id: 'association',
          action: 'eks-pod-identity:association:create',
          name: 'Create the Pod Identity association',
          input: {
            cluster: 'prod-use1',
            namespace: 'team-orders',
            serviceAccount: 'orders-api',
            roleArn: 'arn:aws:iam::111111111111:role/backstage/bs-orders-api',
            tags: { owner: 'team-orders' },
            entityRef: 'component:default/orders-api',
          },
        },
      ],
    }),
  },
  {
    description:
      'Session tags off and a session policy that narrows the role to reads',
    example: yaml.stringify({
      steps: [
        {
          id: 'association',
          action: 'eks-pod-identity:association:create',
          name: 'Create a narrowed association',
          input: {
            cluster: 'prod-use1',
            namespace: 'team-orders',
            serviceAccount: 'orders-reporting',
            roleArn:
              'arn:aws:iam::111111111111:role/backstage/bs-orders-reporting',
            disableSessionTags: true,
            sessionPolicy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 's3:GetObject',
                  Resource: 'arn:aws:s3:::orders-data/*',
                },
              ],
            }),
            tags: { owner: 'team-orders' },
            entityRef: 'component:default/orders-reporting',
          },
        },
      ],
    }),
  },
];
