import { InputError } from '@backstage/errors';
import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  ANNOTATION_IRSA_ROLE_ARN,
  problem,
} from '@pod-identity/plugin-eks-pod-identity-common';
import {
  buildAssociationSpec,
  checkAssociationRequest,
  judgeAssociationSpec,
} from '../inputs/associationRequest';
import {
  checkBoolean,
  checkWorkload,
  parseEntity,
  throwIfProblems,
} from '../inputs/checks';
import { checkExistingRole, checkRoleOwnership } from '../inputs/existingRole';
import { irsaTrustGap } from '../policies/existingTrust';
import { inputFields, outputFields } from '../inputs/fields';
import {
  podIdentityTrustStatement,
  TRUST_SCOPES,
  TrustScope,
} from '../policies/trustPolicy';
import { ensureDualTrust } from '../provisioning/ensureDualTrust';
import { findIrsaRole } from '../provisioning/findIrsaRole';
import {
  clientRequestToken,
  ensureAssociation,
  findMatchingAssociation,
} from '../provisioning/ensureAssociation';
import { ActionRun } from '../run/ActionRun';
import { entityPageUrl } from '../run/entityLink';
import { executeWithUndo } from '../run/execute';
import type { EksPodIdentityActionDeps } from './deps';
import type { IrsaMigrateInput, IrsaMigrateOutput } from './types';
import { examples } from './irsaMigrate.examples';

/**
 * `eks-pod-identity:irsa:migrate` — moves a service account from IRSA to Pod
 * Identity without a gap: the role trusts both for a while, the association
 * is made, and the IRSA annotation goes only when asked. The annotation alone
 * proves nothing (anyone who can create a service account can write it), so
 * the role must already trust this cluster's OIDC provider for exactly this
 * service account, belong to the requesting entity and pass the guardrails.
 */
export function createIrsaMigrateAction(
  deps: EksPodIdentityActionDeps,
): TemplateAction<IrsaMigrateInput, IrsaMigrateOutput> {
  return createTemplateAction({
    id: 'eks-pod-identity:irsa:migrate',
    description:
      'Migrates a service account from IRSA to EKS Pod Identity: dual trust on its role, an association, optionally removes the IRSA annotation',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: inputFields.cluster,
        namespace: inputFields.namespace,
        serviceAccount: inputFields.serviceAccount,
        removeAnnotation: z =>
          z
            .boolean()
            .optional()
            .describe(
              `Remove the ${ANNOTATION_IRSA_ROLE_ARN} annotation once the association exists (default false; pods pick up Pod Identity on restart either way)`,
            ),
        trustScope: inputFields.trustScope,
        disableSessionTags: inputFields.disableSessionTags,
        tags: inputFields.tags,
        entityRef: inputFields.entityRef,
      },
      output: {
        roleArn: outputFields.roleArn,
        associationId: outputFields.associationId,
        associationArn: outputFields.associationArn,
        trustPolicy: z =>
          z
            .string()
            .describe(
              'The trust policy of the role after the migration (JSON)',
            ),
        entityUrl: outputFields.entityUrl,
        findings: outputFields.findings,
        plan: outputFields.plan,
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const { guardrails } = deps;
      const scope: TrustScope =
        (input.trustScope as TrustScope | undefined) ??
        (input.disableSessionTags ? 'cluster' : 'service-account');
      throwIfProblems([
        ...checkWorkload(input, guardrails),
        ...checkBoolean(input.removeAnnotation, 'removeAnnotation'),
        ...(TRUST_SCOPES.includes(scope)
          ? guardrails.check({ trustScope: scope })
          : problem(
              'trustScope',
              `trustScope "${scope}" is not one of ${TRUST_SCOPES.join(', ')}.`,
            )),
        ...(scope === 'service-account' && input.disableSessionTags
          ? problem(
              'trustScope',
              'trustScope "service-account" relies on session tags, which disableSessionTags turns off: use trustScope "cluster".',
            )
          : []),
        ...checkAssociationRequest(input, guardrails),
      ]);
      const requester = await deps.requesters.verify(
        ctx,
        parseEntity(input.entityRef).ref,
      );
      const cluster = await deps.clusters.resolve(input.cluster);
      const kubernetes = deps.kubernetes.forCluster(cluster);
      const target = `${cluster.name}:${input.namespace}/${input.serviceAccount}`;

      const { role, annotation } = await findIrsaRole(
        deps,
        kubernetes,
        cluster,
        input.namespace,
        input.serviceAccount,
      );

      const label = `The IRSA role ${role.arn} of serviceAccount ${target}`;
      const gap = irsaTrustGap(
        role.trustPolicy,
        cluster,
        input.namespace,
        input.serviceAccount,
      );
      if (gap) {
        throw new InputError(
          `${label} cannot be migrated: ${gap}. Only a role that already trusts this service account through IRSA is migrated; use eks-pod-identity:setup to make a role instead.`,
        );
      }
      checkRoleOwnership(
        role,
        requester,
        guardrails,
        `serviceAccount ${target}'s IRSA role`,
      );
      const podIdentityStatement = podIdentityTrustStatement(
        {
          accountId: cluster.accountId,
          clusterArn: cluster.arn,
          namespace: input.namespace,
          serviceAccount: input.serviceAccount,
        },
        scope,
      );
      const current = role.trustPolicy.Statement;
      throwIfProblems(
        await checkExistingRole(guardrails, role, {
          field: 'serviceAccount',
          label,
          naming: false,
          podIdentity: {
            cluster,
            namespace: input.namespace,
            serviceAccount: input.serviceAccount,
            sessionTags: input.disableSessionTags !== true,
            trustPolicy: {
              ...role.trustPolicy,
              Statement: [
                ...(Array.isArray(current) ? current : [current]),
                podIdentityStatement,
              ],
            },
          },
        }),
      );
      const associationSpec = buildAssociationSpec(
        input,
        role.arn,
        guardrails,
        requester.entity,
      );
      // A conflicting association is found before the trust policy changes.
      await findMatchingAssociation(deps.eks, cluster, associationSpec);
      const findings = await judgeAssociationSpec(
        deps,
        ctx.logger,
        associationSpec,
        cluster,
        {
          field: 'serviceAccount',
          addTrustStatement: podIdentityStatement,
          trustField: 'trustScope',
        },
      );

      const run = new ActionRun(ctx, {
        source: 'eks-pod-identity:irsa:migrate',
        changes: deps.changes,
      });
      const result = await executeWithUndo(run, async () => {
        const trustPolicy = await ensureDualTrust(
          run,
          deps.iam,
          role,
          podIdentityStatement,
        );
        const association = await ensureAssociation(
          run,
          deps.eks,
          cluster,
          associationSpec,
          clientRequestToken([
            ctx.task.id,
            ctx.step?.id ?? '',
            cluster.arn,
            input.namespace,
            input.serviceAccount,
          ]),
        );
        if (input.removeAnnotation && annotation) {
          await run.mutate(
            {
              resource: 'kubernetes-annotation',
              action: 'delete',
              target,
              detail: `${ANNOTATION_IRSA_ROLE_ARN}=${annotation}`,
            },
            `kubernetes.${cluster.name}.${input.namespace}.${input.serviceAccount}.RemoveIrsaAnnotation`,
            async () => {
              await kubernetes.patchServiceAccount(
                input.namespace,
                input.serviceAccount,
                { annotations: { [ANNOTATION_IRSA_ROLE_ARN]: null } },
              );
            },
            {
              description: `removal of the IRSA annotation of ${target}`,
              fn: async () => {
                await kubernetes.patchServiceAccount(
                  input.namespace,
                  input.serviceAccount,
                  { annotations: { [ANNOTATION_IRSA_ROLE_ARN]: annotation } },
                );
              },
            },
          );
        }
        return { trustPolicy, association };
      });

      ctx.logger.info(
        `Restart the workloads that run as ${target}: pods get Pod Identity credentials only when they start after the association exists.`,
      );
      await run.announceChange({
        kind: 'association',
        change: 'created',
        cluster: cluster.name,
        namespace: input.namespace,
        serviceAccount: input.serviceAccount,
        associationId: result.association?.associationId,
        roleArns: [role.arn],
        entityRef: input.entityRef,
      });
      ctx.output('roleArn', role.arn);
      if (result.association) {
        ctx.output('associationId', result.association.associationId);
        ctx.output('associationArn', result.association.associationArn);
      }
      ctx.output('trustPolicy', JSON.stringify(result.trustPolicy, null, 2));
      const entityUrl = entityPageUrl(deps.appBaseUrl, input.entityRef);
      if (entityUrl) ctx.output('entityUrl', entityUrl);
      ctx.output('findings', findings);
      ctx.output('plan', run.plan);
    },
  });
}
