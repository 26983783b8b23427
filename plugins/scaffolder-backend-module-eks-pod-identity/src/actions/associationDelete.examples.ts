import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Revoke access: delete the association only',
    example: yaml.stringify({
      steps: [
        {
          id: 'revoke',
          action: 'eks-pod-identity:association:delete',
          name: 'Delete the association',
          input: {
            cluster: 'prod-use1',
            namespace: 'team-orders',
            serviceAccount: 'orders-api',
            entityRef: 'component:default/orders-api',
          },
        },
      ],
    }),
  },
  {
    description:
      'Clean up: delete the association and the role the scaffolder made for it',
    example: yaml.stringify({
      steps: [
        {
          id: 'revoke',
          action: 'eks-pod-identity:association:delete',
          name: 'Delete association and role',
          input: {
            cluster: 'prod-use1',
            namespace: 'team-orders',
            serviceAccount: 'orders-api',
            entityRef: 'component:default/orders-api',
            deleteRole: true,
          },
        },
      ],
    }),
  },
];
