import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Dual trust and an association; the IRSA annotation stays until the pods have restarted',
    example: yaml.stringify({
      steps: [
        {
          id: 'migrate',
          action: 'eks-pod-identity:irsa:migrate',
          name: 'Move to Pod Identity',
          input: {
            cluster: 'prod-use1',
            namespace: 'team-payments',
            serviceAccount: 'payments-api',
            tags: { owner: 'team-payments' },
            entityRef: 'component:default/payments-api',
          },
        },
      ],
    }),
  },
  {
    description: 'Full migration in one go, removing the IRSA annotation',
    example: yaml.stringify({
      steps: [
        {
          id: 'migrate',
          action: 'eks-pod-identity:irsa:migrate',
          name: 'Move to Pod Identity',
          input: {
            cluster: 'prod-use1',
            namespace: 'team-payments',
            serviceAccount: 'payments-api',
            removeAnnotation: true,
            tags: { owner: 'team-payments' },
            entityRef: 'component:default/payments-api',
          },
        },
      ],
    }),
  },
];
