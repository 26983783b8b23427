import { ConflictError } from '@backstage/errors';
import {
  isScaffolderManaged,
  PolicyStatement,
  SESSION_TAG_NAMESPACE,
  SESSION_TAG_SERVICE_ACCOUNT,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  EksGateway,
  IamGateway,
  RoleRecord,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type { ActionRun } from '../run/ActionRun';
import type { ResolvedCluster } from '../services/ClusterResolver';
import { MANAGED_BY_TAG_KEY } from './constants';

/** Whether every trust statement pins the role to exactly this service account. */
function scopedTo(role: RoleRecord, namespace: string, serviceAccount: string) {
  const statements: PolicyStatement[] = Array.isArray(
    role.trustPolicy.Statement,
  )
    ? role.trustPolicy.Statement
    : [role.trustPolicy.Statement];
  return statements
    .filter(s => s.Effect === 'Allow')
    .every(s => {
      const equals = s.Condition?.StringEquals ?? {};
      return (
        equals[`aws:RequestTag/${SESSION_TAG_NAMESPACE}`] === namespace &&
        equals[`aws:RequestTag/${SESSION_TAG_SERVICE_ACCOUNT}`] ===
          serviceAccount
      );
    });
}

/**
 * Refuses to delete a role this module did not make, or one another
 * association of the cluster still uses. Called before anything is deleted.
 */
export async function checkRoleDeletable(
  eks: EksGateway,
  cluster: ResolvedCluster,
  role: RoleRecord,
  association: {
    associationId: string;
    namespace: string;
    serviceAccount: string;
  },
): Promise<void> {
  if (!isScaffolderManaged(role.tags)) {
    throw new ConflictError(
      `Role ${role.arn} was not made by the Backstage scaffolder (no ${MANAGED_BY_TAG_KEY} tag), so it is not deleted: set deleteRole to false and delete it by hand if nobody needs it.`,
    );
  }
  if (scopedTo(role, association.namespace, association.serviceAccount)) return;
  // The trust admits other service accounts: look for associations using it.
  for (const other of await eks.listAssociations(cluster)) {
    if (other.associationId === association.associationId) continue;
    const record = await eks.describeAssociation(cluster, other.associationId);
    if (record.roleArn === role.arn) {
      throw new ConflictError(
        `Role ${role.arn} is also used by ${cluster.name}:${record.namespace}/${record.serviceAccount}: set deleteRole to false, or delete that association first.`,
      );
    }
  }
}

/** Removes inline policies, attachments, then the role (IAM's required order). */
export async function deleteRole(
  run: ActionRun,
  iam: IamGateway,
  role: RoleRecord,
): Promise<void> {
  const key = `iam.${role.accountId}.${role.name}`;
  for (const policy of role.inlinePolicies) {
    await run.mutate(
      {
        resource: 'iam-role-policy',
        action: 'delete',
        target: `${role.arn}/${policy.name}`,
      },
      `${key}.DeleteRolePolicy.${policy.name}`,
      () => iam.deleteRolePolicy(role.accountId, role.name, policy.name),
    );
  }
  for (const arn of role.attachedPolicyArns) {
    await run.mutate(
      {
        resource: 'iam-policy-attachment',
        action: 'delete',
        target: role.arn,
        detail: arn,
      },
      `${key}.DetachRolePolicy.${arn}`,
      () => iam.detachRolePolicy(role.accountId, role.name, arn),
    );
  }
  await run.mutate(
    { resource: 'iam-role', action: 'delete', target: role.arn },
    `${key}.DeleteRole`,
    () => iam.deleteRole(role.accountId, role.name),
  );
}
