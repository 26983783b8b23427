import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  accountOfArn,
  ANNOTATION_IRSA_ROLE_ARN,
  problem,
  validateArn,
} from '@pod-identity/plugin-eks-pod-identity-common';
import {
  buildAssociationSpec,
  checkAssociationRequest,
} from '../inputs/associationRequest';
import { checkBoolean, checkWorkload, throwIfProblems } from '../inputs/checks';
import { inputFields, outputFields } from '../inputs/fields';
import {
  podIdentityTrustStatement,
  TRUST_SCOPES,
  TrustScope,
} from '../policies/trustPolicy';
import { ensureDualTrust } from '../provisioning/ensureDualTrust';
import { roleNameOfArn } from '../provisioning/ensureRole';
import {
  clientRequestToken,
  ensureAssociation,
  findMatchingAssociation,
} from '../provisioning/ensureAssociation';
import { ActionRun } from '../run/ActionRun';
import { entityPageUrl } from '../run/entityLink';
import { executeWithUndo } from '../run/execute';
import type { EksPodIdentityActionDeps } from './deps';
import { examples } from './irsaMigrate.examples';

/**
 * `eks-pod-identity:irsa:migrate` — moves a service account from IRSA to Pod
 * Identity without a gap: the role trusts both for a while, the association
 * is made, and the IRSA annotation goes only when asked.
 */
export function createIrsaMigrateAction(deps: EksPodIdentityActionDeps) {
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
          ? []
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
      const cluster = await deps.clusters.resolve(input.cluster);
      const kubernetes = deps.kubernetes.forCluster(cluster);
      const target = `${cluster.name}:${input.namespace}/${input.serviceAccount}`;

      const serviceAccount = await kubernetes.readServiceAccount(
        input.namespace,
        input.serviceAccount,
      );
      if (!serviceAccount) {
        throw new InputError(
          `serviceAccount ${target} does not exist: check namespace and serviceAccount (only an existing IRSA service account can be migrated).`,
        );
      }
      const irsaRoleArn =
        serviceAccount.metadata?.annotations?.[ANNOTATION_IRSA_ROLE_ARN];
      if (!irsaRoleArn) {
        // A run that already removed the annotation finished the migration.
        const [migrated] = await deps.eks.listAssociations(cluster, {
          namespace: input.namespace,
          serviceAccount: input.serviceAccount,
        });
        if (migrated && input.removeAnnotation) {
          const record = await deps.eks.describeAssociation(
            cluster,
            migrated.associationId,
          );
          const run = new ActionRun(ctx);
          run.keep({
            resource: 'eks-pod-identity-association',
            target,
            detail: `${record.associationId} → ${record.roleArn}; the IRSA annotation is already gone`,
          });
          const role = await deps.iam.getRole(
            cluster.accountId,
            roleNameOfArn(record.roleArn),
          );
          ctx.output('roleArn', record.roleArn);
          ctx.output('associationId', record.associationId);
          ctx.output('associationArn', record.associationArn);
          ctx.output('trustPolicy', JSON.stringify(role.trustPolicy, null, 2));
          ctx.output('plan', run.plan);
          return;
        }
        throw new InputError(
          `serviceAccount ${target} has no ${ANNOTATION_IRSA_ROLE_ARN} annotation, so it does not use IRSA: use eks-pod-identity:setup to give it access instead.`,
        );
      }
      throwIfProblems(
        validateArn(
          irsaRoleArn,
          'iam-role',
          `the ${ANNOTATION_IRSA_ROLE_ARN} annotation`,
        ),
      );
      if (accountOfArn(irsaRoleArn) !== cluster.accountId) {
        throw new InputError(
          `The IRSA role ${irsaRoleArn} is in another account than the cluster (${cluster.accountId}): Pod Identity needs a role in the cluster's account; use eks-pod-identity:setup with targetRoleArn ${irsaRoleArn}.`,
        );
      }
      const role = await deps.iam.readRole(
        cluster.accountId,
        roleNameOfArn(irsaRoleArn),
      );
      if (!role) {
        throw new InputError(
          `The IRSA role ${irsaRoleArn} of ${target} does not exist: fix the annotation or use eks-pod-identity:setup.`,
        );
      }

      const associationSpec = buildAssociationSpec(input, role.arn, guardrails);
      // A conflicting association is found before the trust policy changes.
      await findMatchingAssociation(deps.eks, cluster, associationSpec);

      const run = new ActionRun(ctx);
      const result = await executeWithUndo(run, async () => {
        const trustPolicy = await ensureDualTrust(
          run,
          deps.iam,
          role,
          podIdentityTrustStatement(
            {
              accountId: cluster.accountId,
              clusterArn: cluster.arn,
              namespace: input.namespace,
              serviceAccount: input.serviceAccount,
            },
            scope,
          ),
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
        if (input.removeAnnotation) {
          await run.mutate(
            {
              resource: 'kubernetes-annotation',
              action: 'delete',
              target,
              detail: `${ANNOTATION_IRSA_ROLE_ARN}=${irsaRoleArn}`,
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
                  { annotations: { [ANNOTATION_IRSA_ROLE_ARN]: irsaRoleArn } },
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
      ctx.output('roleArn', role.arn);
      if (result.association) {
        ctx.output('associationId', result.association.associationId);
        ctx.output('associationArn', result.association.associationArn);
      }
      ctx.output('trustPolicy', JSON.stringify(result.trustPolicy, null, 2));
      const entityUrl = entityPageUrl(deps.appBaseUrl, input.entityRef);
      if (entityUrl) ctx.output('entityUrl', entityUrl);
      ctx.output('plan', run.plan);
    },
  });
}
