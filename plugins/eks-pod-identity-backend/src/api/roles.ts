import {
  accountOfArn,
  isAwsManagedPolicyArn,
  policyNameOfArn,
  roleNameOfArn,
  type Finding,
  type ManagedPolicy,
  type RoleDetail,
  type RoleState,
  type RoleSummary,
  type RoleUsage,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  ManagedPolicyRecord,
  RoleRecord,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type { AccountSnapshot } from '../snapshot/types';
import type { InventoryAnalysis } from '@pod-identity/plugin-eks-pod-identity-node';

const DEFAULT_MAX_SESSION_DURATION = 3600;

/**
 * A role missing from the inventory does not exist when its account was read
 * in full (or IAM said so); otherwise nothing is known about it.
 */
export function absentRoleState(
  arn: string,
  account?: AccountSnapshot,
): RoleState {
  if (!account) return 'notReadable';
  if (account.notFoundRoleArns.includes(arn)) return 'notFound';
  return account.complete ? 'notFound' : 'notReadable';
}

export function toRoleSummary(
  arn: string,
  role: RoleRecord | undefined,
  account: AccountSnapshot | undefined,
): RoleSummary {
  if (!role) {
    return {
      arn,
      accountId: accountOfArn(arn) ?? '',
      name: roleNameOfArn(arn),
      state: absentRoleState(arn, account),
    };
  }
  return {
    arn,
    name: role.name,
    accountId: role.accountId,
    state: 'found',
    path: role.path,
    ...(role.permissionsBoundaryArn
      ? { permissionsBoundaryArn: role.permissionsBoundaryArn }
      : {}),
    managedPolicyArns: role.attachedPolicyArns,
    inlinePolicyNames: role.inlinePolicies.map(p => p.name),
    tags: role.tags,
    ...(role.lastUsed ? { lastUsed: role.lastUsed } : {}),
  };
}

function toManagedPolicy(
  arn: string,
  policy?: ManagedPolicyRecord,
): ManagedPolicy {
  if (!policy) {
    return {
      arn,
      name: policyNameOfArn(arn),
      awsManaged: isAwsManagedPolicyArn(arn),
    };
  }
  return {
    arn,
    name: policy.name,
    awsManaged: policy.awsManaged,
    defaultVersionId: policy.defaultVersionId,
    document: policy.document,
  };
}

export function toRoleDetail(
  role: RoleRecord,
  policy: (arn: string) => ManagedPolicyRecord | undefined,
  usedBy: RoleUsage[],
  findings: Finding[],
  analysis: InventoryAnalysis,
): RoleDetail {
  const boundary = role.permissionsBoundaryArn
    ? policy(role.permissionsBoundaryArn)
    : undefined;
  const access = analysis.roleAccess(role.arn);
  const rightSizing = analysis.rightSizing?.(role.arn);
  return {
    arn: role.arn,
    name: role.name,
    accountId: role.accountId,
    path: role.path,
    trustPolicy: role.trustPolicy,
    managedPolicies: role.attachedPolicyArns.map(arn =>
      toManagedPolicy(arn, policy(arn)),
    ),
    inlinePolicies: role.inlinePolicies.map(p => ({
      name: p.name,
      document: p.document,
    })),
    ...(role.permissionsBoundaryArn
      ? { permissionsBoundaryArn: role.permissionsBoundaryArn }
      : {}),
    ...(boundary ? { permissionsBoundary: boundary.document } : {}),
    tags: role.tags,
    createDate: role.createDate,
    ...(role.lastUsed ? { lastUsed: role.lastUsed } : {}),
    ...(role.lastUsedRegion ? { lastUsedRegion: role.lastUsedRegion } : {}),
    // GetAccountAuthorizationDetails omits it; 3600 s is IAM's default.
    maxSessionDuration: role.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
    ...(role.description ? { description: role.description } : {}),
    usedBy,
    findings,
    ...(access ? { access } : {}),
    ...(rightSizing ? { rightSizing } : {}),
  };
}
