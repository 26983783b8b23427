import type {
  ManagedPolicyDetail,
  Policy,
  Role,
  RoleDetail,
  Tag,
} from '@aws-sdk/client-iam';
import type {
  InlinePolicyRecord,
  ManagedPolicyRecord,
  RoleRecord,
} from '../inventory/types';
import { decodeIamPolicyDocument } from './policyDocuments';
import { isAwsManagedPolicyArn } from '@pod-identity/plugin-eks-pod-identity-common';

/*
 * IAM answers in several shapes (GetRole's Role, GetAccountAuthorizationDetails'
 * RoleDetail, GetPolicy's Policy, ManagedPolicyDetail); these turn each into the
 * inventory records, decoding documents on the way.
 */

function tagsToRecord(tags: Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map(t => [t.Key!, t.Value ?? '']));
}

function iso(date: Date | undefined): string | undefined {
  return date ? date.toISOString() : undefined;
}

export function toRoleBasics(role: Role, accountId: string) {
  return {
    arn: role.Arn!,
    name: role.RoleName!,
    accountId,
    roleId: role.RoleId,
    path: role.Path ?? '/',
    description: role.Description,
    createDate: iso(role.CreateDate) ?? new Date(0).toISOString(),
    maxSessionDuration: role.MaxSessionDuration,
    trustPolicy: decodeIamPolicyDocument(
      role.AssumeRolePolicyDocument,
      `the trust policy of role ${role.RoleName}`,
    ),
    permissionsBoundaryArn: role.PermissionsBoundary?.PermissionsBoundaryArn,
    tags: tagsToRecord(role.Tags),
    lastUsed: iso(role.RoleLastUsed?.LastUsedDate),
    lastUsedRegion: role.RoleLastUsed?.Region,
  };
}

export function toRoleRecord(role: RoleDetail, accountId: string): RoleRecord {
  const inlinePolicies: InlinePolicyRecord[] = (role.RolePolicyList ?? []).map(
    p => ({
      name: p.PolicyName!,
      document: decodeIamPolicyDocument(
        p.PolicyDocument,
        `inline policy ${p.PolicyName} of role ${role.RoleName}`,
      ),
    }),
  );
  return {
    arn: role.Arn!,
    name: role.RoleName!,
    accountId,
    roleId: role.RoleId,
    path: role.Path ?? '/',
    createDate: iso(role.CreateDate) ?? new Date(0).toISOString(),
    trustPolicy: decodeIamPolicyDocument(
      role.AssumeRolePolicyDocument,
      `the trust policy of role ${role.RoleName}`,
    ),
    inlinePolicies,
    attachedPolicyArns: (role.AttachedManagedPolicies ?? []).map(
      p => p.PolicyArn!,
    ),
    permissionsBoundaryArn: role.PermissionsBoundary?.PermissionsBoundaryArn,
    tags: tagsToRecord(role.Tags),
    lastUsed: iso(role.RoleLastUsed?.LastUsedDate),
    lastUsedRegion: role.RoleLastUsed?.Region,
  };
}

export function toPolicyMetadata(policy: Policy) {
  return {
    arn: policy.Arn!,
    name: policy.PolicyName!,
    path: policy.Path ?? '/',
    awsManaged: isAwsManagedPolicyArn(policy.Arn!),
    defaultVersionId: policy.DefaultVersionId ?? 'v1',
    description: policy.Description,
  };
}

export function toManagedPolicyRecord(
  policy: ManagedPolicyDetail,
): ManagedPolicyRecord {
  const versions = policy.PolicyVersionList ?? [];
  const current =
    versions.find(v => v.IsDefaultVersion) ??
    versions.find(v => v.VersionId === policy.DefaultVersionId);
  return {
    arn: policy.Arn!,
    name: policy.PolicyName!,
    path: policy.Path ?? '/',
    awsManaged: isAwsManagedPolicyArn(policy.Arn!),
    defaultVersionId: policy.DefaultVersionId ?? current?.VersionId ?? 'v1',
    description: policy.Description,
    document: decodeIamPolicyDocument(
      current?.Document,
      `the default version of ${policy.Arn}`,
    ),
  };
}
