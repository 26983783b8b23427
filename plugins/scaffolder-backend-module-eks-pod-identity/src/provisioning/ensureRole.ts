import { ConflictError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { IamGateway } from '@pod-identity/plugin-eks-pod-identity-node';
import { isNotFoundError } from '@pod-identity/plugin-eks-pod-identity-node';
import { samePolicy } from '../policies/comparePolicies';
import type { ActionRun } from '../run/ActionRun';
import type { StatementList } from '../policies/statements';
import {
  ENTITY_REF_TAG_KEY,
  isScaffolderManaged,
  OWNER_TAG_KEY,
  roleArnOf,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { INLINE_POLICY_NAME } from './constants';

export interface RoleSpec {
  /** The cluster's partition: the role lives in the same one. */
  partition: string;
  accountId: string;
  roleName: string;
  path: string;
  description: string;
  trustPolicy: StatementList;
  permissionsBoundaryArn?: string;
  /** Stored as the inline policy INLINE_POLICY_NAME. */
  permissions?: StatementList;
  managedPolicyArns: string[];
  /** Includes the managed-by tag. */
  tags: Record<string, string>;
}

/** The ARN the role of `spec` has once created. */
export function roleArnOfSpec(
  spec: Pick<RoleSpec, 'partition' | 'accountId' | 'path' | 'roleName'>,
) {
  return roleArnOf({ ...spec, name: spec.roleName });
}

const IDENTITY_TAG_KEYS = [ENTITY_REF_TAG_KEY, OWNER_TAG_KEY];

const asJson = (d: StatementList) => d as unknown as JsonObject;

async function ignoreNotFound(fn: () => Promise<void>) {
  try {
    await fn();
  } catch (e) {
    if (!isNotFoundError(e)) throw e;
  }
}

/**
 * Makes the role exist exactly as `spec` says. An existing role is reused only
 * when it matches; a role this module made that an interrupted run left
 * without some of its policies or tags is completed; anything else that
 * differs is a ConflictError, never changed.
 */
export async function ensureRole(
  run: ActionRun,
  iam: IamGateway,
  spec: RoleSpec,
): Promise<{ roleArn: string; created: boolean }> {
  const { accountId, roleName } = spec;
  const existing = await iam.readRole(accountId, roleName);
  const roleArn = existing?.arn ?? roleArnOfSpec(spec);
  const key = `iam.${accountId}.${roleName}`;
  const inline = spec.permissions;

  if (!existing) {
    await run.mutate(
      {
        resource: 'iam-role',
        action: 'create',
        target: roleArn,
        detail: spec.permissionsBoundaryArn
          ? `boundary ${spec.permissionsBoundaryArn}`
          : undefined,
        document: asJson(spec.trustPolicy),
      },
      `${key}.CreateRole`,
      async () => {
        const role = await iam.createRole(accountId, {
          roleName,
          path: spec.path,
          trustPolicy: spec.trustPolicy,
          description: spec.description,
          permissionsBoundaryArn: spec.permissionsBoundaryArn,
          tags: spec.tags,
        });
        return { roleArn: role.arn };
      },
      {
        description: `IAM role ${roleArn}`,
        fn: () => ignoreNotFound(() => iam.deleteRole(accountId, roleName)),
      },
    );
    if (inline) await putInline(run, iam, spec, roleArn, key);
    for (const arn of spec.managedPolicyArns) {
      await attach(run, iam, spec, roleArn, key, arn);
    }
    return { roleArn, created: true };
  }

  const managedByUs = isScaffolderManaged(existing.tags);
  const differences: string[] = [];
  if (!samePolicy(existing.trustPolicy, spec.trustPolicy)) {
    differences.push('trust policy');
  }
  if (existing.path !== spec.path) {
    differences.push(`path (${existing.path})`);
  }
  if (existing.permissionsBoundaryArn !== spec.permissionsBoundaryArn) {
    differences.push(
      `permissions boundary (${existing.permissionsBoundaryArn ?? 'none'})`,
    );
  }
  const existingInline = existing.inlinePolicies.find(
    p => p.name === INLINE_POLICY_NAME,
  );
  const others = existing.inlinePolicies
    .map(p => p.name)
    .filter(n => n !== INLINE_POLICY_NAME);
  if (others.length) differences.push(`inline policies ${others.join(', ')}`);
  if (
    existingInline &&
    (!inline || !samePolicy(existingInline.document, inline))
  ) {
    differences.push(`inline policy ${INLINE_POLICY_NAME}`);
  }
  const missingInline = inline !== undefined && !existingInline;
  const extraAttached = existing.attachedPolicyArns.filter(
    a => !spec.managedPolicyArns.includes(a),
  );
  if (extraAttached.length) {
    differences.push(`attached policies ${extraAttached.join(', ')}`);
  }
  const missingAttached = spec.managedPolicyArns.filter(
    a => !existing.attachedPolicyArns.includes(a),
  );
  const missingTags: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.tags)) {
    if (existing.tags[k] === undefined) {
      // CreateRole writes these, so a role lacking them was not made for
      // this entity; adding them would hand it over to the requester.
      if (IDENTITY_TAG_KEYS.includes(k)) differences.push(`no tag ${k}`);
      else missingTags[k] = v;
    } else if (existing.tags[k] !== v)
      differences.push(`tag ${k} (${existing.tags[k]})`);
  }
  if (!managedByUs) {
    if (missingInline)
      differences.push(`no inline policy ${INLINE_POLICY_NAME}`);
    if (missingAttached.length) {
      differences.push(
        `missing attached policies ${missingAttached.join(', ')}`,
      );
    }
    if (Object.keys(missingTags).length) {
      differences.push(`missing tags ${Object.keys(missingTags).join(', ')}`);
    }
  }
  if (differences.length) {
    throw new ConflictError(
      `IAM role ${roleArn} already exists and differs from the request: ${differences.join(
        '; ',
      )}. Choose another roleName, or change or delete the existing role by hand.`,
    );
  }

  run.keep({ resource: 'iam-role', target: roleArn });
  if (Object.keys(missingTags).length) {
    await run.mutate(
      {
        resource: 'iam-role',
        action: 'update',
        target: roleArn,
        detail: `add tags ${Object.keys(missingTags).join(', ')}`,
      },
      `${key}.TagRole`,
      () => iam.tagRole(accountId, roleName, missingTags),
    );
  }
  if (missingInline) await putInline(run, iam, spec, roleArn, key);
  else if (inline) {
    run.keep({
      resource: 'iam-role-policy',
      target: `${roleArn}/${INLINE_POLICY_NAME}`,
    });
  }
  for (const arn of spec.managedPolicyArns) {
    if (missingAttached.includes(arn))
      await attach(run, iam, spec, roleArn, key, arn);
    else
      run.keep({
        resource: 'iam-policy-attachment',
        target: roleArn,
        detail: arn,
      });
  }
  return { roleArn, created: false };
}

async function putInline(
  run: ActionRun,
  iam: IamGateway,
  spec: RoleSpec,
  roleArn: string,
  key: string,
) {
  await run.mutate(
    {
      resource: 'iam-role-policy',
      action: 'create',
      target: `${roleArn}/${INLINE_POLICY_NAME}`,
      document: asJson(spec.permissions!),
    },
    `${key}.PutRolePolicy`,
    () =>
      iam.putRolePolicy(
        spec.accountId,
        spec.roleName,
        INLINE_POLICY_NAME,
        spec.permissions!,
      ),
    {
      description: `inline policy ${INLINE_POLICY_NAME} of ${roleArn}`,
      fn: () =>
        ignoreNotFound(() =>
          iam.deleteRolePolicy(
            spec.accountId,
            spec.roleName,
            INLINE_POLICY_NAME,
          ),
        ),
    },
  );
}

async function attach(
  run: ActionRun,
  iam: IamGateway,
  spec: RoleSpec,
  roleArn: string,
  key: string,
  policyArn: string,
) {
  await run.mutate(
    {
      resource: 'iam-policy-attachment',
      action: 'create',
      target: roleArn,
      detail: policyArn,
    },
    `${key}.AttachRolePolicy.${policyArn}`,
    () => iam.attachRolePolicy(spec.accountId, spec.roleName, policyArn),
    {
      description: `attachment of ${policyArn} to ${roleArn}`,
      fn: () =>
        ignoreNotFound(() =>
          iam.detachRolePolicy(spec.accountId, spec.roleName, policyArn),
        ),
    },
  );
}
