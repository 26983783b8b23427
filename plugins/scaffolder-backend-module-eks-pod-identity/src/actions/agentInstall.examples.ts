import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Install the Pod Identity agent at EKS's default version for the cluster",
    example: yaml.stringify({
      steps: [
        {
          id: 'agent',
          action: 'eks-pod-identity:agent:install',
          name: 'Install the Pod Identity agent',
          input: { cluster: 'staging-euw1' },
        },
      ],
    }),
  },
  {
    description: 'Install a given version of the Pod Identity agent',
    example: yaml.stringify({
      steps: [
        {
          id: 'agent',
          action: 'eks-pod-identity:agent:install',
          name: 'Install the Pod Identity agent',
          input: { cluster: 'staging-euw1', version: 'v1.3.5-eksbuild.2' },
        },
      ],
    }),
  },
];
