import type {
  AccountState,
  ManagedPolicyState,
  PolicyVersionState,
  RoleState,
} from '../../state/model';
import type { XmlValue } from '../query/xml';

/** IAM answers policy documents URL-encoded (RFC 3986), on every read path. */
export function encodeDocument(text: string): string {
  return encodeURIComponent(text);
}

export function renderTags(tags: Map<string, string>): XmlValue[] {
  return [...tags].map(([Key, Value]) => ({ Key, Value }));
}

function roleLastUsed(role: RoleState): XmlValue {
  return role.lastUsed
    ? { LastUsedDate: role.lastUsed.date, Region: role.lastUsed.region }
    : null;
}

function boundary(role: RoleState): XmlValue {
  return role.permissionsBoundaryArn
    ? {
        PermissionsBoundaryType: 'Policy',
        PermissionsBoundaryArn: role.permissionsBoundaryArn,
      }
    : undefined;
}

/** The `Role` shape; `full` adds what only GetRole/CreateRole return (ListRoles leaves them out, like IAM). */
export function renderRole(
  role: RoleState,
  full: boolean,
  trustPolicy = role.trustPolicy,
): XmlValue {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodeDocument(trustPolicy),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    PermissionsBoundary: full ? boundary(role) : undefined,
    Tags: full && role.tags.size > 0 ? renderTags(role.tags) : undefined,
    RoleLastUsed: full ? roleLastUsed(role) : undefined,
  };
}

export function renderRoleDetail(
  role: RoleState,
  account: AccountState,
  awsManaged: Map<string, ManagedPolicyState>,
  trustPolicy = role.trustPolicy,
): XmlValue {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodeDocument(trustPolicy),
    InstanceProfileList: [],
    RolePolicyList: [...role.inlinePolicies].map(([PolicyName, doc]) => ({
      PolicyName,
      PolicyDocument: encodeDocument(doc),
    })),
    AttachedManagedPolicies: role.attachedPolicyArns.map(arn => ({
      PolicyName:
        (account.policies.get(arn) ?? awsManaged.get(arn))?.name ??
        arn.split('/').pop(),
      PolicyArn: arn,
    })),
    PermissionsBoundary: boundary(role),
    Tags: renderTags(role.tags),
    RoleLastUsed: roleLastUsed(role),
  };
}

export type PolicyUsage = { attachments: number; boundaries: number };

const UNUSED: PolicyUsage = { attachments: 0, boundaries: 0 };

/** How often each policy is attached or used as a boundary in the account, in one pass over its roles. */
export function policyUsages(
  account: AccountState,
): (arn: string) => PolicyUsage {
  const usages = new Map<string, PolicyUsage>();
  const entry = (arn: string) => {
    let usage = usages.get(arn);
    if (!usage) {
      usage = { attachments: 0, boundaries: 0 };
      usages.set(arn, usage);
    }
    return usage;
  };
  for (const role of account.roles.values()) {
    for (const arn of role.attachedPolicyArns) entry(arn).attachments++;
    if (role.permissionsBoundaryArn)
      entry(role.permissionsBoundaryArn).boundaries++;
  }
  return arn => usages.get(arn) ?? UNUSED;
}

export function policyUsage(account: AccountState, arn: string): PolicyUsage {
  return policyUsages(account)(arn);
}

/** The `Policy` shape; `full` adds Description and Tags (GetPolicy/CreatePolicy, not ListPolicies). */
export function renderPolicy(
  policy: ManagedPolicyState,
  usage: PolicyUsage,
  full: boolean,
): XmlValue {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: usage.attachments,
    PermissionsBoundaryUsageCount: usage.boundaries,
    IsAttachable: true,
    Description: full ? policy.description : undefined,
    CreateDate: policy.createDate,
    UpdateDate: policy.updateDate,
    Tags: full && policy.tags.size > 0 ? renderTags(policy.tags) : undefined,
  };
}

export function renderPolicyVersion(
  policy: ManagedPolicyState,
  version: PolicyVersionState,
): XmlValue {
  return {
    Document: encodeDocument(version.document),
    VersionId: version.versionId,
    IsDefaultVersion: version.versionId === policy.defaultVersionId,
    CreateDate: version.createDate,
  };
}

export function renderPolicyDetail(
  policy: ManagedPolicyState,
  usage: PolicyUsage,
): XmlValue {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: usage.attachments,
    PermissionsBoundaryUsageCount: usage.boundaries,
    IsAttachable: true,
    Description: policy.description,
    CreateDate: policy.createDate,
    UpdateDate: policy.updateDate,
    PolicyVersionList: policy.versions.map(v => renderPolicyVersion(policy, v)),
  };
}
