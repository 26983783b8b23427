import type { FieldExtensionOptions } from '@backstage/plugin-scaffolder-react';
import { EksClusterPicker } from './EksClusterPicker';
import { EKS_CLUSTER_PICKER_NAME } from './name';

/** Shared by the legacy field extension and the new-system form field. */
export const eksClusterPickerOptions = {
  name: EKS_CLUSTER_PICKER_NAME,
  component: EksClusterPicker,
  schema: {
    returnValue: { type: 'string' as const },
    uiOptions: {
      type: 'object' as const,
      properties: {
        allowedClusters: {
          type: 'array' as const,
          items: { type: 'string' as const },
          description: 'Only offer these cluster names',
        },
      },
    },
  },
} satisfies FieldExtensionOptions<string, any>;
