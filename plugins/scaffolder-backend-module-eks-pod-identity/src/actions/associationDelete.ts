import { InputError, NotAllowedError } from '@backstage/errors';
import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  checkBoolean,
  checkWorkload,
  parseEntity,
  throwIfProblems,
} from '../inputs/checks';
import { inputFields, outputFields } from '../inputs/fields';
import { checkRoleDeletable, deleteRole } from '../provisioning/deleteRole';
import { ActionRun } from '../run/ActionRun';
import {
  accountOfArn,
  ENTITY_REF_TAG_KEY,
  OWNER_TAG_KEY,
  roleNameOfArn,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { ownedBy, Requester } from '../services/Requesters';
import type { EksPodIdentityActionDeps } from './deps';
import type { AssociationDeleteInput, AssociationDeleteOutput } from './types';
import { examples } from './associationDelete.examples';

/** Refuses to delete what belongs to another entity, unless the user holds eks-pod-identity.manage. */
function checkOwnership(
  requester: Requester,
  what: string,
  tags: Record<string, string> | undefined,
): void {
  if (requester.mayManageOthers || ownedBy(requester, tags)) return;
  throw new NotAllowedError(
    `entityRef: ${what} does not belong to ${
      requester.entity?.ref ?? 'the requesting entity (no entityRef was given)'
    }: neither its ${ENTITY_REF_TAG_KEY} nor its ${OWNER_TAG_KEY} tag names it or its owner. Give the entityRef it was granted to, or ask the platform team (eks-pod-identity.manage permission).`,
  );
}

/**
 * `eks-pod-identity:association:delete` — removes a service account's
 * association and, when asked, the role the scaffolder made for it; both
 * only when they belong to the requesting entity.
 */
export function createAssociationDeleteAction(
  deps: EksPodIdentityActionDeps,
): TemplateAction<AssociationDeleteInput, AssociationDeleteOutput> {
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
        entityRef: z =>
          z
            .string()
            .optional()
            .describe(
              'Catalog entity the access was granted to (e.g. component:default/orders-api); the association (and role) must carry its entity or owner tag, unless you hold eks-pod-identity.manage',
            ),
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
      const entity = parseEntity(input.entityRef);
      throwIfProblems(entity.problems);
      const requester = await deps.requesters.verify(ctx, entity.ref);
      const cluster = await deps.clusters.resolve(input.cluster);
      const target = `${cluster.name}:${input.namespace}/${input.serviceAccount}`;
      const run = new ActionRun(ctx, {
        source: 'eks-pod-identity:association:delete',
        changes: deps.changes,
      });

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
      checkOwnership(
        requester,
        `the association ${association.associationId} of ${target}`,
        association.tags,
      );
      const role =
        input.deleteRole &&
        accountOfArn(association.roleArn) === cluster.accountId
          ? await deps.iam.readRole(
              cluster.accountId,
              roleNameOfArn(association.roleArn),
            )
          : undefined;
      if (role) {
        checkOwnership(requester, `role ${role.arn}`, role.tags);
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
      await run.announceChange({
        kind: 'association',
        change: 'deleted',
        cluster: cluster.name,
        namespace: input.namespace,
        serviceAccount: input.serviceAccount,
        associationId: association.associationId,
        roleArns: [
          association.roleArn,
          ...(association.targetRoleArn ? [association.targetRoleArn] : []),
        ],
        entityRef: association.tags[ENTITY_REF_TAG_KEY],
      });
      ctx.output('deleted', !run.dryRun);
      ctx.output('associationId', association.associationId);
      ctx.output('roleDeleted', Boolean(role) && !run.dryRun);
      ctx.output('plan', run.plan);
    },
  });
}
