import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { checkWorkload, parseEntity, throwIfProblems } from '../inputs/checks';
import { checkSameAccountTarget } from '../inputs/existingRole';
import { inputFields, outputFields } from '../inputs/fields';
import {
  buildRoleSpec,
  checkRoleRequest,
  judgeRoleSpec,
} from '../inputs/roleRequest';
import { buildTargetTrustPolicy } from '../policies/trustPolicy';
import { ensureRole } from '../provisioning/ensureRole';
import { ActionRun } from '../run/ActionRun';
import { executeWithUndo } from '../run/execute';
import type { EksPodIdentityActionDeps } from './deps';
import type { RoleCreateInput, RoleCreateOutput } from './types';
import { examples } from './roleCreate.examples';

/**
 * `eks-pod-identity:role:create` — an IAM role in the cluster's account whose
 * trust policy the action writes (never the user): Pod Identity, scoped to the
 * cluster and service account unless opted out.
 */
export function createRoleCreateAction(
  deps: EksPodIdentityActionDeps,
): TemplateAction<RoleCreateInput, RoleCreateOutput> {
  return createTemplateAction({
    id: 'eks-pod-identity:role:create',
    description:
      'Creates an IAM role for EKS Pod Identity: scoped trust policy, permissions from presets or statements, the platform boundary and tags',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: inputFields.cluster,
        namespace: z => inputFields.namespace(z).optional(),
        serviceAccount: z => inputFields.serviceAccount(z).optional(),
        roleName: inputFields.roleName,
        trustScope: inputFields.trustScope,
        disableSessionTags: inputFields.disableSessionTags,
        permissions: inputFields.permissions,
        customPolicy: inputFields.customPolicy,
        managedPolicyArns: inputFields.managedPolicyArns,
        targetRoleArn: inputFields.targetRoleArn,
        tags: inputFields.tags,
        entityRef: inputFields.entityRef,
      },
      output: {
        roleArn: outputFields.roleArn,
        trustPolicy: z =>
          z.string().describe('The trust policy the role holds (JSON)'),
        targetTrustPolicy: outputFields.targetTrustPolicy,
        findings: outputFields.findings,
        plan: outputFields.plan,
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const { guardrails } = deps;
      throwIfProblems([
        ...checkWorkload(input, guardrails, { optionalWorkload: true }),
        ...checkRoleRequest(input, guardrails),
      ]);
      const requester = await deps.requesters.verify(
        ctx,
        parseEntity(input.entityRef).ref,
      );
      const cluster = await deps.clusters.resolve(input.cluster);
      const spec = buildRoleSpec(input, cluster, guardrails, requester.entity);
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
        spec,
        cluster,
        false,
      );

      const run = new ActionRun(ctx, {
        source: 'eks-pod-identity:role:create',
        changes: deps.changes,
      });
      const { roleArn } = await executeWithUndo(run, () =>
        ensureRole(run, deps.iam, spec),
      );
      await run.announceChange({
        kind: 'role',
        change: 'created',
        cluster: cluster.name,
        roleArns: [roleArn],
        entityRef: input.entityRef,
      });
      ctx.output('roleArn', roleArn);
      ctx.output('trustPolicy', JSON.stringify(spec.trustPolicy, null, 2));
      if (input.targetRoleArn) {
        ctx.output(
          'targetTrustPolicy',
          JSON.stringify(buildTargetTrustPolicy(roleArn), null, 2),
        );
      }
      ctx.output('findings', findings);
      ctx.output('plan', run.plan);
    },
  });
}
