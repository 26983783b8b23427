import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError } from '@backstage/errors';
import { eksPodIdentityInventoryReadPermission } from '@pod-identity/plugin-eks-pod-identity-common';
import { isAllowed } from '../router/authorize';
import { whoCanAccessExamples } from './whoCanAccessAction.examples';
import { questionFields, requireKnownAction, simulatorOf } from './simulation';
import type { AssistantActionDeps } from './types';

/** "Who can access resource R": every association whose pods may make the request. */
export function registerWhoCanAccessAction(
  registry: ActionsRegistryService,
  deps: AssistantActionDeps,
) {
  registry.register({
    name: 'who-can-access-aws-resource',
    title: 'Which workloads can access an AWS resource',
    description:
      'Every EKS Pod Identity association in the inventory whose pods may call one AWS action on one resource, with the catalog entities that own the service account. Needs the eks-pod-identity.inventory.read permission.',
    examples: whoCanAccessExamples,
    visibilityPermission: eksPodIdentityInventoryReadPermission,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z => z.object(questionFields(z)),
      output: z =>
        z.object({
          items: z.array(
            z.object({
              cluster: z.string(),
              namespace: z.string(),
              serviceAccount: z.string(),
              roleArn: z.string(),
              targetRoleArn: z.string().optional(),
              mappedEntityRefs: z.array(z.string()),
              owner: z.string().optional(),
              explanation: z.string(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      if (
        !(await isAllowed(
          credentials,
          deps,
          eksPodIdentityInventoryReadPermission,
        ))
      ) {
        throw new NotAllowedError(
          `This needs the ${eksPodIdentityInventoryReadPermission.name} permission`,
        );
      }
      await requireKnownAction(input.action);
      const view = await deps.readModel.current();
      const simulate = simulatorOf(view);
      const question = { action: input.action, resource: input.resource };
      return {
        output: {
          items: view.associations.flatMap(a => {
            const r = simulate(a, question);
            if (r?.decision !== 'allowed') return [];
            return [
              {
                cluster: a.cluster,
                namespace: a.namespace,
                serviceAccount: a.serviceAccount,
                roleArn: r.roleArn,
                ...(r.targetRoleArn ? { targetRoleArn: r.targetRoleArn } : {}),
                mappedEntityRefs: a.mappedEntityRefs,
                ...(a.owner ? { owner: a.owner } : {}),
                explanation: r.explanation,
              },
            ];
          }),
        },
      };
    },
  });
}
