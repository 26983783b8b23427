import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Service account in an existing namespace',
    example: yaml.stringify({
      steps: [
        {
          id: 'service-account',
          action: 'eks-pod-identity:service-account:create',
          name: 'Create the service account',
          input: {
            cluster: 'prod-use1',
            namespace: 'team-orders',
            name: 'orders-worker',
            labels: { 'app.kubernetes.io/name': 'orders-worker' },
          },
        },
      ],
    }),
  },
  {
    description: 'Service account in a new namespace',
    example: yaml.stringify({
      steps: [
        {
          id: 'service-account',
          action: 'eks-pod-identity:service-account:create',
          name: 'Create namespace and service account',
          input: {
            cluster: 'prod-use1',
            namespace: 'team-returns',
            name: 'returns-api',
            createNamespace: true,
          },
        },
      ],
    }),
  },
];
