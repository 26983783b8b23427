import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { checkBoolean, checkWorkload, throwIfProblems } from '../inputs/checks';
import { inputFields, outputFields } from '../inputs/fields';
import { checkRoleDeletable, deleteRole } from '../provisioning/deleteRole';
import { ActionRun } from '../run/ActionRun';
import { accountOfArn } from '@pod-identity/plugin-eks-pod-identity-common';
import { roleNameOfArn } from '../provisioning/ensureRole';
import type { EksPodIdentityActionDeps } from './deps';
import { examples } from './associationDelete.examples';

/**
 * `eks-pod-identity:association:delete` — removes a service account's
 * association and, when asked, the role the scaffolder made for it.
 */
export function createAssociationDeleteAction(deps: EksPodIdentityActionDeps) {
  return createTemplateAction({
    id: 'eks-pod-identity:association:delete',
    description:
      "Deletes a service account's EKS Pod Identity association, and optionally the IAM role the scaffolder made for it",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: inputFields.cluster,
        namespace: inputFields.namespace,
        serviceAccount: inputFields.serviceAccount,
        deleteRole: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Also delete the role, if the scaffolder made it and no other association of the cluster uses it (default false)',
            ),
      },
      output: {
        deleted: z =>
          z
            .boolean()
            .describe(
              'Whether an association was deleted (false: there was none)',
            ),
        associationId: outputFields.associationId,
        roleDeleted: z => z.boolean().describe('Whether the role was deleted'),
        plan: outputFields.plan,
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      throwIfProblems([
        ...checkWorkload(input, deps.guardrails),
        ...checkBoolean(input.deleteRole, 'deleteRole'),
      ]);
      const cluster = await deps.clusters.resolve(input.cluster);
      const target = `${cluster.name}:${input.namespace}/${input.serviceAccount}`;
      const run = new ActionRun(ctx);

      const [summary] = await deps.eks.listAssociations(cluster, {
        namespace: input.namespace,
        serviceAccount: input.serviceAccount,
      });
      if (!summary) {
        ctx.logger.info(
          `${target} has no Pod Identity association: nothing to delete`,
        );
        ctx.output('deleted', false);
        ctx.output('roleDeleted', false);
        ctx.output('plan', run.plan);
        return;
      }
      const association = await deps.eks.describeAssociation(
        cluster,
        summary.associationId,
      );
      if (association.ownerArn) {
        throw new InputError(
          `The association of ${target} is managed by ${association.ownerArn} (an EKS add-on): remove it through that add-on, not here.`,
        );
      }
      const role =
        input.deleteRole &&
        accountOfArn(association.roleArn) === cluster.accountId
          ? await deps.iam.readRole(
              cluster.accountId,
              roleNameOfArn(association.roleArn),
            )
          : undefined;
      if (role) {
        await checkRoleDeletable(deps.eks, cluster, role, association);
      } else if (input.deleteRole) {
        ctx.logger.info(
          `Role ${association.roleArn} does not exist any more: only the association is deleted`,
        );
      }

      await run.mutate(
        {
          resource: 'eks-pod-identity-association',
          action: 'delete',
          target,
          detail: `${association.associationId} → ${association.roleArn}`,
        },
        `eks.${cluster.name}.${association.associationId}.DeletePodIdentityAssociation`,
        async () => {
          await deps.eks.deleteAssociation(cluster, association.associationId);
        },
      );
      if (role) {
        try {
          await deleteRole(run, deps.iam, role);
        } catch (e) {
          throw new Error(
            `The association ${
              association.associationId
            } of ${target} was deleted, but deleting role ${role.arn} failed: ${
              (e as Error).message
            }. Run the step again or delete the role by hand.`,
            { cause: e },
          );
        }
      }
      ctx.output('deleted', !run.dryRun);
      ctx.output('associationId', association.associationId);
      ctx.output('roleDeleted', Boolean(role) && !run.dryRun);
      ctx.output('plan', run.plan);
    },
  });
}
