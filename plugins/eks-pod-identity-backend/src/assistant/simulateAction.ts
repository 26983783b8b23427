import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { visibleServiceAccounts } from '../mapping/visibleServiceAccounts';
import { simulateExamples } from './simulateAction.examples';
import { readEntity } from './readEntity';
import { questionFields, requireKnownAction, simulatorOf } from './simulation';
import type { AssistantActionDeps } from './types';

/** "Can it do X on Y": the policy simulation of `POST /v1/simulate`. */
export function registerSimulateAction(
  registry: ActionsRegistryService,
  deps: AssistantActionDeps,
) {
  registry.register({
    name: 'simulate-entity-aws-request',
    title: 'Can a component make an AWS request',
    description:
      "Whether a catalog entity's pods may call one AWS action on one resource, per service account, evaluated like IAM does (identity and session policies, permissions boundary, conditions), with the statements that decided it and an explanation.",
    examples: simulateExamples,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe('Entity ref, e.g. component:default/orders-api'),
          ...questionFields(z),
        }),
      output: z =>
        z.object({
          results: z.array(
            z.object({
              cluster: z.string(),
              namespace: z.string(),
              serviceAccount: z.string(),
              roleArn: z.string(),
              targetRoleArn: z.string().optional(),
              decision: z
                .string()
                .describe('allowed, explicitDeny or implicitDeny'),
              explanation: z.string(),
              missingContextKeys: z.array(z.string()),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      await requireKnownAction(input.action);
      const entity = await readEntity(input.entityRef, credentials, deps);
      const view = await deps.readModel.current();
      const simulate = simulatorOf(view);
      const { serviceAccounts } = await visibleServiceAccounts(entity, view, {
        credentials,
        permissions: deps.permissions,
        logger: deps.logger,
      });
      const question = { action: input.action, resource: input.resource };
      return {
        output: {
          results: serviceAccounts.flatMap(sa => {
            const r = simulate(sa, question);
            if (!r) return [];
            return [
              {
                cluster: r.cluster,
                namespace: r.namespace,
                serviceAccount: r.serviceAccount,
                roleArn: r.roleArn,
                ...(r.targetRoleArn ? { targetRoleArn: r.targetRoleArn } : {}),
                decision: r.decision,
                explanation: r.explanation,
                missingContextKeys: r.missingContextKeys,
              },
            ];
          }),
        },
      };
    },
  });
}
