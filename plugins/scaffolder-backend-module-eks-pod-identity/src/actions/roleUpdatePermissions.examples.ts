import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Right-size: keep only the statements the role used (PERMISSIONS_UNUSED named the rest)',
    example: yaml.stringify({
      steps: [
        {
          id: 'narrow',
          action: 'eks-pod-identity:role:update-permissions',
          name: 'Narrow the inline policy',
          input: {
            cluster: 'prod-use1',
            roleArn:
              'arn:aws:iam::111111111111:role/backstage/bs-team-orders-orders-api',
            policyName: 'eks-pod-identity-permissions',
            policyDocument: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 's3:GetObject',
                  Resource: 'arn:aws:s3:::orders-data/*',
                },
              ],
            }),
            entityRef: 'component:default/orders-api',
          },
        },
      ],
    }),
  },
];
