import { InputError } from '@backstage/errors';
import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  buildAssociationSpec,
  checkAssociationRequest,
} from '../inputs/associationRequest';
import {
  checkBoolean,
  checkWorkload,
  parseEntity,
  throwIfProblems,
} from '../inputs/checks';
import { checkSameAccountTarget } from '../inputs/existingRole';
import { inputFields, outputFields } from '../inputs/fields';
import {
  buildRoleSpec,
  checkRoleRequest,
  judgeRoleSpec,
} from '../inputs/roleRequest';
import { buildTargetTrustPolicy } from '../policies/trustPolicy';
import {
  clientRequestToken,
  ensureAssociation,
  findMatchingAssociation,
} from '../provisioning/ensureAssociation';
import { ensureRole, roleArnOfSpec } from '../provisioning/ensureRole';
import { roleOutput } from '../run/roleOutput';
import { ensureServiceAccount } from '../provisioning/ensureServiceAccount';
import { ActionRun } from '../run/ActionRun';
import { entityPageUrl } from '../run/entityLink';
import { executeWithUndo } from '../run/execute';
import type { EksPodIdentityActionDeps } from './deps';
import type { SetupInput, SetupOutput } from './types';
import { examples } from './setup.examples';

/**
 * `eks-pod-identity:setup` — role, service account and association in one
 * step. If a later part fails, what this run created is removed again.
 */
export function createSetupAction(
  deps: EksPodIdentityActionDeps,
): TemplateAction<SetupInput, SetupOutput> {
  return createTemplateAction({
    id: 'eks-pod-identity:setup',
    description:
      'Gives a service account AWS access with EKS Pod Identity: IAM role, Kubernetes service account and association in one step, undone on failure',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: inputFields.cluster,
        namespace: inputFields.namespace,
        serviceAccount: inputFields.serviceAccount,
        createNamespace: inputFields.createNamespace,
        roleName: inputFields.roleName,
        trustScope: inputFields.trustScope,
        permissions: inputFields.permissions,
        customPolicy: inputFields.customPolicy,
        managedPolicyArns: inputFields.managedPolicyArns,
        targetRoleArn: inputFields.targetRoleArn,
        disableSessionTags: inputFields.disableSessionTags,
        sessionPolicy: inputFields.sessionPolicy,
        tags: inputFields.tags,
        entityRef: inputFields.entityRef,
        planOnly: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Only check and plan, as in a dry run, even in a real run: for GitOps templates that turn the plan (the role output) into code for review',
            ),
      },
      output: {
        roleArn: outputFields.roleArn,
        associationId: outputFields.associationId,
        associationArn: outputFields.associationArn,
        targetTrustPolicy: outputFields.targetTrustPolicy,
        entityUrl: outputFields.entityUrl,
        findings: outputFields.findings,
        plan: outputFields.plan,
        role: outputFields.role,
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const { guardrails } = deps;
      throwIfProblems([
        ...checkWorkload(input, guardrails),
        ...checkBoolean(input.createNamespace, 'createNamespace'),
        ...checkBoolean(input.planOnly, 'planOnly'),
        ...checkRoleRequest(input, guardrails),
        ...checkAssociationRequest(input, guardrails),
      ]);
      const requester = await deps.requesters.verify(
        ctx,
        parseEntity(input.entityRef).ref,
      );
      const cluster = await deps.clusters.resolve(input.cluster);
      const roleSpec = buildRoleSpec(
        input,
        cluster,
        guardrails,
        requester.entity,
      );
      await checkSameAccountTarget(
        deps.iam,
        guardrails,
        requester,
        input.targetRoleArn || undefined,
        cluster.accountId,
      );
      const findings = await judgeRoleSpec(
        deps,
        ctx.logger,
        input,
        roleSpec,
        cluster,
        true,
      );
      const kubernetes = deps.kubernetes.forCluster(cluster);
      const associationSpec = buildAssociationSpec(
        input,
        roleArnOfSpec(roleSpec),
        guardrails,
        requester.entity,
      );
      // What would fail later is found now, before anything is created.
      await findMatchingAssociation(deps.eks, cluster, associationSpec);
      if (
        !input.createNamespace &&
        !(await kubernetes.readNamespace(input.namespace))
      ) {
        throw new InputError(
          `namespace "${input.namespace}" does not exist in cluster ${cluster.name}: pick an existing namespace or set createNamespace to true.`,
        );
      }

      const run = new ActionRun(
        { ...ctx, isDryRun: ctx.isDryRun || input.planOnly === true },
        { source: 'eks-pod-identity:setup', changes: deps.changes },
      );
      const { roleArn, association } = await executeWithUndo(run, async () => {
        const role = await ensureRole(run, deps.iam, roleSpec);
        await ensureServiceAccount(run, kubernetes, {
          cluster: cluster.name,
          namespace: input.namespace,
          name: input.serviceAccount,
          createNamespace: input.createNamespace ?? false,
          labels: {},
          annotations: {},
        });
        return {
          roleArn: role.roleArn,
          association: await ensureAssociation(
            run,
            deps.eks,
            cluster,
            { ...associationSpec, roleArn: role.roleArn },
            clientRequestToken([
              ctx.task.id,
              ctx.step?.id ?? '',
              cluster.arn,
              input.namespace,
              input.serviceAccount,
            ]),
          ),
        };
      });

      await run.announceChange({
        kind: 'association',
        change: 'created',
        cluster: cluster.name,
        namespace: input.namespace,
        serviceAccount: input.serviceAccount,
        associationId: association?.associationId,
        roleArns: [
          roleArn,
          ...(input.targetRoleArn ? [input.targetRoleArn] : []),
        ],
        entityRef: input.entityRef,
      });
      ctx.output('roleArn', roleArn);
      if (association) {
        ctx.output('associationId', association.associationId);
        ctx.output('associationArn', association.associationArn);
      }
      if (input.targetRoleArn) {
        ctx.output(
          'targetTrustPolicy',
          JSON.stringify(
            buildTargetTrustPolicy(
              roleArn,
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
      ctx.output('role', roleOutput(roleSpec, roleArn));
    },
  });
}
