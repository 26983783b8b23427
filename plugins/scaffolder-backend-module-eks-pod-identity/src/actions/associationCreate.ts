import { InputError } from '@backstage/errors';
import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  accountOfArn,
  normalizeArn,
  problem,
  validateArn,
  roleNameOfArn,
} from '@pod-identity/plugin-eks-pod-identity-common';
import {
  buildAssociationSpec,
  checkAssociationRequest,
  judgeAssociationSpec,
} from '../inputs/associationRequest';
import {
  checkPartitions,
  checkWorkload,
  parseEntity,
  throwIfProblems,
} from '../inputs/checks';
import {
  checkExistingRole,
  checkRoleOwnership,
  checkSameAccountTarget,
} from '../inputs/existingRole';
import { inputFields, outputFields } from '../inputs/fields';
import { buildTargetTrustPolicy } from '../policies/trustPolicy';
import {
  clientRequestToken,
  ensureAssociation,
} from '../provisioning/ensureAssociation';
import { ActionRun } from '../run/ActionRun';
import { entityPageUrl } from '../run/entityLink';
import { executeWithUndo } from '../run/execute';
import type { EksPodIdentityActionDeps } from './deps';
import type { AssociationCreateInput, AssociationCreateOutput } from './types';
import { examples } from './associationCreate.examples';

/**
 * `eks-pod-identity:association:create` — maps a service account to an
 * existing role: one that belongs to the requesting entity (or that the
 * platform allows) and passes the guardrails of a created role.
 */
export function createAssociationCreateAction(
  deps: EksPodIdentityActionDeps,
): TemplateAction<AssociationCreateInput, AssociationCreateOutput> {
  return createTemplateAction({
    id: 'eks-pod-identity:association:create',
    description:
      'Creates an EKS Pod Identity association between a service account and an IAM role; reuses an identical one',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: inputFields.cluster,
        namespace: inputFields.namespace,
        serviceAccount: inputFields.serviceAccount,
        roleArn: z =>
          z.string().describe("ARN of the IAM role, in the cluster's account"),
        targetRoleArn: inputFields.targetRoleArn,
        disableSessionTags: inputFields.disableSessionTags,
        sessionPolicy: inputFields.sessionPolicy,
        tags: inputFields.tags,
        entityRef: inputFields.entityRef,
      },
      output: {
        associationId: outputFields.associationId,
        associationArn: outputFields.associationArn,
        targetTrustPolicy: outputFields.targetTrustPolicy,
        entityUrl: outputFields.entityUrl,
        findings: outputFields.findings,
        plan: outputFields.plan,
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const { guardrails } = deps;
      throwIfProblems([
        ...checkWorkload(input, guardrails),
        ...(input.roleArn
          ? validateArn(input.roleArn, 'iam-role', 'roleArn')
          : problem(
              'roleArn',
              'roleArn is missing: give the ARN of the IAM role.',
            )),
        ...checkAssociationRequest(input, guardrails),
      ]);
      const requester = await deps.requesters.verify(
        ctx,
        parseEntity(input.entityRef).ref,
      );
      const cluster = await deps.clusters.resolve(input.cluster);
      throwIfProblems([
        ...checkPartitions(input, cluster),
        ...(accountOfArn(input.roleArn) === cluster.accountId
          ? []
          : problem(
              'roleArn',
              `roleArn ${input.roleArn} is not in the cluster's account ${cluster.accountId}: EKS needs the association role there; for a role in another account, use it as targetRoleArn.`,
            )),
      ]);
      const role = await deps.iam.readRole(
        cluster.accountId,
        roleNameOfArn(input.roleArn),
      );
      if (!role || normalizeArn(role.arn) !== normalizeArn(input.roleArn)) {
        throw new InputError(
          `roleArn ${input.roleArn} does not exist${
            role ? ` (the role of that name is ${role.arn})` : ''
          }: check the ARN, or let eks-pod-identity:setup make the role.`,
        );
      }
      checkRoleOwnership(role, requester, guardrails, 'roleArn');
      throwIfProblems(
        await checkExistingRole(guardrails, role, {
          field: 'roleArn',
          naming: true,
          podIdentity: {
            cluster,
            namespace: input.namespace,
            serviceAccount: input.serviceAccount,
            sessionTags: input.disableSessionTags !== true,
          },
        }),
      );
      await checkSameAccountTarget(
        deps.iam,
        guardrails,
        requester,
        input.targetRoleArn || undefined,
        cluster.accountId,
      );
      const spec = buildAssociationSpec(
        input,
        role.arn,
        guardrails,
        requester.entity,
      );
      const findings = await judgeAssociationSpec(
        deps,
        ctx.logger,
        spec,
        cluster,
      );

      const run = new ActionRun(ctx, {
        source: 'eks-pod-identity:association:create',
        changes: deps.changes,
      });
      const association = await executeWithUndo(run, () =>
        ensureAssociation(
          run,
          deps.eks,
          cluster,
          spec,
          clientRequestToken([
            ctx.task.id,
            ctx.step?.id ?? '',
            cluster.arn,
            spec.namespace,
            spec.serviceAccount,
          ]),
        ),
      );
      await run.announceChange({
        kind: 'association',
        change: 'created',
        cluster: cluster.name,
        namespace: spec.namespace,
        serviceAccount: spec.serviceAccount,
        associationId: association?.associationId,
        roleArns: [
          spec.roleArn,
          ...(spec.targetRoleArn ? [spec.targetRoleArn] : []),
        ],
        entityRef: input.entityRef,
      });
      if (association) {
        ctx.output('associationId', association.associationId);
        ctx.output('associationArn', association.associationArn);
      }
      if (spec.targetRoleArn) {
        ctx.output(
          'targetTrustPolicy',
          JSON.stringify(
            buildTargetTrustPolicy(
              spec.roleArn,
              association?.externalId ?? undefined,
            ),
            null,
            2,
          ),
        );
      }
      const entityUrl = entityPageUrl(deps.appBaseUrl, input.entityRef);
      if (entityUrl) ctx.output('entityUrl', entityUrl);
      ctx.output('findings', findings);
      ctx.output('plan', run.plan);
    },
  });
}
