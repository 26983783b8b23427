import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { checkBoolean, checkWorkload, throwIfProblems } from '../inputs/checks';
import { checkKubernetesMetadata } from '../inputs/kubernetesMetadata';
import { inputFields, outputFields } from '../inputs/fields';
import { ensureServiceAccount } from '../provisioning/ensureServiceAccount';
import { ActionRun } from '../run/ActionRun';
import { executeWithUndo } from '../run/execute';
import type { EksPodIdentityActionDeps } from './deps';
import type {
  ServiceAccountCreateInput,
  ServiceAccountCreateOutput,
} from './types';
import { examples } from './serviceAccountCreate.examples';

/** `eks-pod-identity:service-account:create` — a Kubernetes ServiceAccount, optionally its namespace. */
export function createServiceAccountCreateAction(
  deps: EksPodIdentityActionDeps,
): TemplateAction<ServiceAccountCreateInput, ServiceAccountCreateOutput> {
  return createTemplateAction({
    id: 'eks-pod-identity:service-account:create',
    description:
      'Creates a Kubernetes service account (and, if asked, its namespace) in an EKS cluster',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: inputFields.cluster,
        namespace: inputFields.namespace,
        name: z => z.string().describe('Name of the service account'),
        createNamespace: inputFields.createNamespace,
        labels: z =>
          z
            .record(z.string())
            .optional()
            .describe('Labels of the service account'),
        annotations: z =>
          z
            .record(z.string())
            .optional()
            .describe('Annotations of the service account'),
      },
      output: {
        serviceAccount: z =>
          z.string().describe('The service account as cluster:namespace/name'),
        plan: outputFields.plan,
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const labels = input.labels ?? {};
      const annotations = input.annotations ?? {};
      throwIfProblems([
        ...checkWorkload(
          { ...input, serviceAccount: input.name },
          deps.guardrails,
          { serviceAccountField: 'name' },
        ),
        ...checkBoolean(input.createNamespace, 'createNamespace'),
        ...checkKubernetesMetadata(labels, 'labels'),
        ...checkKubernetesMetadata(annotations, 'annotations'),
      ]);
      const cluster = await deps.clusters.resolve(input.cluster);
      const client = deps.kubernetes.forCluster(cluster);

      const run = new ActionRun(ctx, {
        source: 'eks-pod-identity:service-account:create',
        changes: deps.changes,
      });
      await executeWithUndo(run, () =>
        ensureServiceAccount(run, client, {
          cluster: cluster.name,
          namespace: input.namespace,
          name: input.name,
          createNamespace: input.createNamespace ?? false,
          labels,
          annotations,
        }),
      );
      await run.announceChange({
        kind: 'service-account',
        change: 'created',
        cluster: cluster.name,
        namespace: input.namespace,
        serviceAccount: input.name,
      });
      ctx.output(
        'serviceAccount',
        `${cluster.name}:${input.namespace}/${input.name}`,
      );
      ctx.output('plan', run.plan);
    },
  });
}
