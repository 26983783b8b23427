import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { toServiceAccountAccess } from '../api/serviceAccountAccess';
import { visibleServiceAccounts } from '../mapping/visibleServiceAccounts';
import { entityAccessExamples } from './entityAccessAction.examples';
import { readEntity } from './readEntity';
import type { AssistantActionDeps } from './types';

/** "What can this component do in AWS": its roles and effective access per service account. */
export function registerEntityAccessAction(
  registry: ActionsRegistryService,
  deps: AssistantActionDeps,
) {
  registry.register({
    name: 'get-entity-aws-access',
    title: 'What a component can do in AWS',
    description:
      'For a catalog entity (e.g. component:default/orders-api), lists each Kubernetes service account it runs as, the IAM role EKS Pod Identity gives it, the effective AWS access per service (identity policies within the permissions boundary and session policy) and the findings about it.',
    examples: entityAccessExamples,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe('Entity ref, e.g. component:default/orders-api'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          serviceAccounts: z.array(
            z.object({
              cluster: z.string(),
              namespace: z.string(),
              serviceAccount: z.string(),
              roleArn: z.string().optional(),
              targetRoleArn: z.string().optional(),
              admin: z.boolean().describe('Allowed * on * in effect'),
              services: z.array(
                z.object({
                  service: z.string(),
                  levels: z.record(z.string(), z.number()),
                  wildcardResource: z.boolean(),
                  resources: z.array(z.string()),
                }),
              ),
              findings: z.array(
                z.object({
                  code: z.string(),
                  severity: z.string(),
                  title: z.string(),
                  remediation: z.string(),
                }),
              ),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const entity = await readEntity(input.entityRef, credentials, deps);
      const entityRef = stringifyEntityRef(entity);
      const view = await deps.readModel.current();
      const { serviceAccounts } = await visibleServiceAccounts(entity, view, {
        credentials,
        permissions: deps.permissions,
        logger: deps.logger,
      });
      return {
        output: {
          entityRef,
          serviceAccounts: serviceAccounts.map(sa => {
            const access = toServiceAccountAccess(sa, view, entityRef);
            return {
              cluster: access.cluster,
              namespace: access.namespace,
              serviceAccount: access.serviceAccount,
              ...(access.association
                ? { roleArn: access.association.roleArn }
                : {}),
              ...(access.association?.targetRoleArn
                ? { targetRoleArn: access.association.targetRoleArn }
                : {}),
              admin: access.access.admin,
              services: access.access.services,
              findings: access.findings.map(f => ({
                code: f.code,
                severity: f.severity,
                title: f.title,
                remediation: f.remediation,
              })),
            };
          }),
        },
      };
    },
  });
}
