import { InputError, NotAllowedError } from '@backstage/errors';
import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import {
  type AccessSummary,
  accountOfArn,
  isScaffolderManaged,
  MANAGED_BY_TAG_KEY,
  MANAGED_BY_TAG_VALUE,
  type PolicyDocument,
  problem,
  roleNameOfArn,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { RoleRecord } from '@pod-identity/plugin-eks-pod-identity-node';
import {
  checkWorkload,
  isBlank,
  parseEntity,
  parsePolicy,
  throwIfProblems,
} from '../inputs/checks';
import { checkRoleOwnership } from '../inputs/existingRole';
import { inputFields, outputFields } from '../inputs/fields';
import { analysePlan, enforcePlanFindings } from '../inputs/planFindings';
import {
  type Plan,
  planInventory,
  readExistingRole,
} from '../inputs/planInventory';
import { ActionRun } from '../run/ActionRun';
import { executeWithUndo } from '../run/execute';
import type { EksPodIdentityActionDeps } from './deps';
import type {
  RoleUpdatePermissionsInput,
  RoleUpdatePermissionsOutput,
} from './types';
import { examples } from './roleUpdatePermissions.examples';

const statementsOf = (document: PolicyDocument | undefined) => {
  const raw = document?.Statement ?? [];
  return (Array.isArray(raw) ? raw : [raw]).map(s => JSON.stringify(s));
};

/** Statements only in `before` (removed) and only in `after` (added), as JSON. */
export function statementDiff(
  before: PolicyDocument | undefined,
  after: PolicyDocument,
) {
  const old = statementsOf(before);
  const next = statementsOf(after);
  return {
    removed: old.filter(s => !next.includes(s)).map(s => JSON.parse(s)),
    added: next.filter(s => !old.includes(s)).map(s => JSON.parse(s)),
  };
}

function withInlinePolicy(
  role: RoleRecord,
  policyName: string,
  document: PolicyDocument,
): RoleRecord {
  return {
    ...role,
    inlinePolicies: role.inlinePolicies.map(p =>
      p.name === policyName ? { name: p.name, document } : p,
    ),
  };
}

/**
 * `eks-pod-identity:role:update-permissions` — replaces (typically narrows,
 * see PERMISSIONS_UNUSED) one inline policy of a role the scaffolder created.
 * The new policy goes through the same analysis and refusal rule as a new
 * role; a dry run shows the statements removed and added and the role's
 * effective access before and after.
 */
export function createRoleUpdatePermissionsAction(
  deps: EksPodIdentityActionDeps,
): TemplateAction<RoleUpdatePermissionsInput, RoleUpdatePermissionsOutput> {
  return createTemplateAction({
    id: 'eks-pod-identity:role:update-permissions',
    description:
      "Replaces or narrows an inline policy of an IAM role the scaffolder created, inside the platform's guardrails",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: z =>
          inputFields
            .cluster(z)
            .describe(
              'EKS cluster whose workloads use the role (its account holds the role)',
            ),
        roleArn: z =>
          z
            .string()
            .describe(
              'ARN of the role, made by the scaffolder (tag eks-pod-identity/managed-by)',
            ),
        policyName: z =>
          z.string().describe('Name of the inline policy to replace'),
        policyDocument: z =>
          z
            .union([z.string(), z.record(z.any())])
            .describe('The new inline policy (JSON)'),
        entityRef: inputFields.entityRef,
      },
      output: {
        roleArn: outputFields.roleArn,
        removedStatements: z =>
          z.array(z.record(z.any())).describe('Statements taken out'),
        addedStatements: z =>
          z.array(z.record(z.any())).describe('Statements put in'),
        accessBefore: z =>
          z
            .record(z.any())
            .describe("The role's effective access before (AccessSummary)"),
        accessAfter: z =>
          z
            .record(z.any())
            .describe("The role's effective access after (AccessSummary)"),
        findings: outputFields.findings,
        plan: outputFields.plan,
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const parsed = parsePolicy(
        input.policyDocument,
        'policyDocument',
        'inline',
      );
      throwIfProblems([
        ...checkWorkload(input, deps.guardrails, { optionalWorkload: true }),
        ...(isBlank(input.roleArn) || !accountOfArn(input.roleArn)
          ? problem('roleArn', 'roleArn must be an IAM role ARN.')
          : []),
        ...(isBlank(input.policyName)
          ? problem(
              'policyName',
              'policyName must name an inline policy of the role.',
            )
          : []),
        ...parsed.problems,
      ]);
      const document = parsed.document as PolicyDocument;
      const requester = await deps.requesters.verify(
        ctx,
        parseEntity(input.entityRef).ref,
      );
      const cluster = await deps.clusters.resolve(input.cluster);
      if (accountOfArn(input.roleArn) !== cluster.accountId) {
        throw new InputError(
          `roleArn ${input.roleArn} is not in account ${cluster.accountId} of cluster ${cluster.name}: give the cluster whose workloads use the role.`,
        );
      }
      const read = await readExistingRole(deps.iam, input.roleArn);
      if (read.state === 'notFound') {
        throw new InputError(`roleArn ${input.roleArn} does not exist.`);
      }
      const { role, policies } = read;
      if (!isScaffolderManaged(role.tags)) {
        throw new NotAllowedError(
          `roleArn ${role.arn} was not created by the scaffolder (no ${MANAGED_BY_TAG_KEY}=${MANAGED_BY_TAG_VALUE} tag): change its policies where it is managed.`,
        );
      }
      checkRoleOwnership(role, requester, deps.guardrails, 'roleArn');
      const current = role.inlinePolicies.find(
        p => p.name === input.policyName,
      );
      if (!current) {
        throw new InputError(
          `policyName: role ${role.name} has no inline policy ${
            input.policyName
          }; it has ${
            role.inlinePolicies.map(p => p.name).join(', ') || 'none'
          }.`,
        );
      }

      const updated = withInlinePolicy(role, input.policyName, document);
      const plan = (r: RoleRecord): Plan => ({
        cluster,
        role: {
          role: r,
          field: 'policyDocument',
          policyFields: { [input.policyName]: 'policyDocument' },
        },
        association: {
          namespace: 'default',
          serviceAccount: 'default',
          disableSessionTags: false,
        },
        makesAssociation: false,
      });
      // Only what the policies grant changes: trust and use are judged elsewhere.
      const findings = enforcePlanFindings(
        ctx.logger,
        (await analysePlan(deps, plan(updated), policies)).filter(f =>
          f.code.startsWith('POLICY_'),
        ),
        deps.guardrails.refuseFindingsAtOrAbove,
      );
      const accessOf = async (r: RoleRecord): Promise<AccessSummary> => {
        const analysis = await deps.analyzer.analyze(
          await planInventory(deps.iam, plan(r), policies),
        );
        return analysis.roleAccess(r.arn) ?? { services: [], admin: false };
      };
      const accessBefore = await accessOf(role);
      const accessAfter = await accessOf(updated);
      const diff = statementDiff(current.document, document);

      const run = new ActionRun(ctx, {
        source: 'eks-pod-identity:role:update-permissions',
        changes: deps.changes,
      });
      const roleName = roleNameOfArn(role.arn);
      const target = `${role.name}/${input.policyName}`;
      if (diff.removed.length === 0 && diff.added.length === 0) {
        run.keep({ resource: 'iam-role-policy', target });
      } else {
        await executeWithUndo(run, () =>
          run.mutate(
            {
              resource: 'iam-role-policy',
              action: 'update',
              target,
              detail: `${diff.removed.length} statement(s) removed, ${diff.added.length} added`,
              document: document as unknown as JsonObject,
            },
            `iam.${role.accountId}.${roleName}.${input.policyName}.PutRolePolicy`,
            async () => {
              await deps.iam.putRolePolicy(
                role.accountId,
                roleName,
                input.policyName,
                document,
              );
            },
            {
              description: `restore inline policy ${target}`,
              fn: () =>
                deps.iam.putRolePolicy(
                  role.accountId,
                  roleName,
                  input.policyName,
                  current.document,
                ),
            },
          ),
        );
      }
      await run.announceChange({
        kind: 'role',
        change: 'updated',
        cluster: cluster.name,
        roleArns: [role.arn],
        entityRef: input.entityRef,
      });
      ctx.output('roleArn', role.arn);
      ctx.output('removedStatements', diff.removed);
      ctx.output('addedStatements', diff.added);
      ctx.output('accessBefore', accessBefore as unknown as JsonObject);
      ctx.output('accessAfter', accessAfter as unknown as JsonObject);
      ctx.output('findings', findings);
      ctx.output('plan', run.plan);
    },
  });
}
