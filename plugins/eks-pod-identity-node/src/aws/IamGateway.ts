import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  EntityType,
  GenerateServiceLastAccessedDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetServiceLastAccessedDetailsCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  paginateListRoles,
} from '@aws-sdk/client-iam';
import { Config } from '@backstage/config';
import type { PolicyDocument } from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  ManagedPolicyRecord,
  RoleRecord,
  ServiceLastAccessedRecord,
} from '../inventory/types';
import { AwsClientFactory } from './AwsClientFactory';
import { isNotFoundError } from './errors';
import {
  decodeIamPolicyDocument,
  encodePolicyDocument,
} from './policyDocuments';
import {
  toManagedPolicyRecord,
  toPolicyMetadata,
  toRoleBasics,
  toRoleRecord,
} from './iamRecords';

/** A role without its policies (what GetRole and CreateRole return). */
export type RoleBasics = Omit<
  RoleRecord,
  'inlinePolicies' | 'attachedPolicyArns'
>;

/** A managed policy without its document (what GetPolicy returns). */
export type PolicyMetadata = Omit<ManagedPolicyRecord, 'document'>;

export type AuthorizationDetailsFilter =
  | 'Role'
  | 'LocalManagedPolicy'
  | 'AWSManagedPolicy';

export interface CreateRoleInput {
  roleName: string;
  path?: string;
  trustPolicy: PolicyDocument;
  description?: string;
  permissionsBoundaryArn?: string;
  maxSessionDuration?: number;
  tags?: Record<string, string>;
}

/** A service last accessed report job, as GetServiceLastAccessedDetails answers it (every page). */
export type LastAccessedJob =
  | { status: 'IN_PROGRESS' }
  | {
      status: 'COMPLETED';
      completedAt: string;
      services: ServiceLastAccessedRecord[];
    }
  | { status: 'FAILED'; error: string };

/**
 * IAM reads and writes the plugins need. Every call names the account whose
 * credentials sign it; documents come back decoded.
 */
export interface IamGateway {
  /** All pages of GetAccountAuthorizationDetails. */
  getAccountAuthorizationDetails(
    accountId: string,
    filter: AuthorizationDetailsFilter[],
  ): Promise<{ roles: RoleRecord[]; policies: ManagedPolicyRecord[] }>;
  listRoles(
    accountId: string,
  ): Promise<Array<{ arn: string; name: string; path: string }>>;
  getRole(accountId: string, roleName: string): Promise<RoleBasics>;
  /** Starts an action-level service last accessed report of a role; returns its job id. */
  generateServiceLastAccessedDetails(
    accountId: string,
    roleArn: string,
  ): Promise<string>;
  getServiceLastAccessedDetails(
    accountId: string,
    jobId: string,
  ): Promise<LastAccessedJob>;
  listRolePolicies(accountId: string, roleName: string): Promise<string[]>;
  getRolePolicy(
    accountId: string,
    roleName: string,
    policyName: string,
  ): Promise<PolicyDocument>;
  listAttachedRolePolicies(
    accountId: string,
    roleName: string,
  ): Promise<Array<{ arn: string; name: string }>>;
  /** GetRole + its inline and attached policies; `undefined` when the role does not exist. */
  readRole(
    accountId: string,
    roleName: string,
  ): Promise<RoleRecord | undefined>;
  getPolicy(accountId: string, policyArn: string): Promise<PolicyMetadata>;
  getPolicyVersion(
    accountId: string,
    policyArn: string,
    versionId: string,
  ): Promise<PolicyDocument>;
  /** GetPolicy + GetPolicyVersion of the default version. */
  getManagedPolicy(
    accountId: string,
    policyArn: string,
  ): Promise<ManagedPolicyRecord>;

  createRole(accountId: string, input: CreateRoleInput): Promise<RoleBasics>;
  deleteRole(accountId: string, roleName: string): Promise<void>;
  updateAssumeRolePolicy(
    accountId: string,
    roleName: string,
    trustPolicy: PolicyDocument,
  ): Promise<void>;
  putRolePolicy(
    accountId: string,
    roleName: string,
    policyName: string,
    document: PolicyDocument,
  ): Promise<void>;
  deleteRolePolicy(
    accountId: string,
    roleName: string,
    policyName: string,
  ): Promise<void>;
  attachRolePolicy(
    accountId: string,
    roleName: string,
    policyArn: string,
  ): Promise<void>;
  detachRolePolicy(
    accountId: string,
    roleName: string,
    policyArn: string,
  ): Promise<void>;
  putRolePermissionsBoundary(
    accountId: string,
    roleName: string,
    policyArn: string,
  ): Promise<void>;
  deleteRolePermissionsBoundary(
    accountId: string,
    roleName: string,
  ): Promise<void>;
  tagRole(
    accountId: string,
    roleName: string,
    tags: Record<string, string>,
  ): Promise<void>;
  untagRole(
    accountId: string,
    roleName: string,
    tagKeys: string[],
  ): Promise<void>;
}

// The largest pages IAM serves; fewer pages means fewer throttled calls.
const MAX_ITEMS = 1000;

export class DefaultIamGateway implements IamGateway {
  static fromConfig(
    config: Config,
    options?: { clients?: AwsClientFactory },
  ): DefaultIamGateway {
    return new DefaultIamGateway(
      options?.clients ?? AwsClientFactory.fromConfig(config),
    );
  }

  constructor(private readonly clients: AwsClientFactory) {}

  async getAccountAuthorizationDetails(
    accountId: string,
    filter: AuthorizationDetailsFilter[],
  ) {
    const client = await this.clients.iam(accountId);
    const roles: RoleRecord[] = [];
    const policies: ManagedPolicyRecord[] = [];
    for await (const page of paginateGetAccountAuthorizationDetails(
      { client, pageSize: MAX_ITEMS },
      { Filter: filter as EntityType[] },
    )) {
      for (const role of page.RoleDetailList ?? []) {
        roles.push(toRoleRecord(role, accountId));
      }
      for (const policy of page.Policies ?? []) {
        policies.push(toManagedPolicyRecord(policy));
      }
    }
    return { roles, policies };
  }

  async listRoles(accountId: string) {
    const client = await this.clients.iam(accountId);
    const roles: Array<{ arn: string; name: string; path: string }> = [];
    for await (const page of paginateListRoles(
      { client, pageSize: MAX_ITEMS },
      {},
    )) {
      for (const role of page.Roles ?? []) {
        roles.push({
          arn: role.Arn!,
          name: role.RoleName!,
          path: role.Path ?? '/',
        });
      }
    }
    return roles;
  }

  async getRole(accountId: string, roleName: string): Promise<RoleBasics> {
    const client = await this.clients.iam(accountId);
    const { Role } = await client.send(
      new GetRoleCommand({ RoleName: roleName }),
    );
    if (!Role) {
      throw new Error(`IAM GetRole returned no role for ${roleName}`);
    }
    return toRoleBasics(Role, accountId);
  }

  async generateServiceLastAccessedDetails(accountId: string, roleArn: string) {
    const client = await this.clients.iam(accountId);
    const { JobId } = await client.send(
      new GenerateServiceLastAccessedDetailsCommand({
        Arn: roleArn,
        Granularity: 'ACTION_LEVEL',
      }),
    );
    if (!JobId) {
      throw new Error(`IAM returned no job id for ${roleArn}`);
    }
    return JobId;
  }

  async getServiceLastAccessedDetails(
    accountId: string,
    jobId: string,
  ): Promise<LastAccessedJob> {
    const client = await this.clients.iam(accountId);
    const services: ServiceLastAccessedRecord[] = [];
    let marker: string | undefined;
    do {
      const page = await client.send(
        new GetServiceLastAccessedDetailsCommand({
          JobId: jobId,
          MaxItems: MAX_ITEMS,
          Marker: marker,
        }),
      );
      if (page.JobStatus === 'IN_PROGRESS') return { status: 'IN_PROGRESS' };
      if (page.JobStatus === 'FAILED') {
        return {
          status: 'FAILED',
          error: page.Error?.Message ?? 'IAM could not complete the report',
        };
      }
      for (const s of page.ServicesLastAccessed ?? []) {
        services.push({
          service: s.ServiceNamespace!,
          ...(s.LastAuthenticated && {
            lastAuthenticated: s.LastAuthenticated.toISOString(),
          }),
          ...(s.LastAuthenticatedRegion && {
            region: s.LastAuthenticatedRegion,
          }),
          ...(s.TrackedActionsLastAccessed && {
            trackedActions: s.TrackedActionsLastAccessed.map(a => ({
              action: a.ActionName!,
              ...(a.LastAccessedTime && {
                lastAccessed: a.LastAccessedTime.toISOString(),
              }),
            })),
          }),
        });
      }
      if (!page.IsTruncated) {
        return {
          status: 'COMPLETED',
          completedAt: (page.JobCompletionDate ?? new Date()).toISOString(),
          services,
        };
      }
      marker = page.Marker;
    } while (marker);
    throw new Error(`IAM report ${jobId} was truncated without a Marker`);
  }

  async listRolePolicies(accountId: string, roleName: string) {
    const client = await this.clients.iam(accountId);
    const names: string[] = [];
    for await (const page of paginateListRolePolicies(
      { client, pageSize: MAX_ITEMS },
      { RoleName: roleName },
    )) {
      names.push(...(page.PolicyNames ?? []));
    }
    return names;
  }

  async getRolePolicy(accountId: string, roleName: string, policyName: string) {
    const client = await this.clients.iam(accountId);
    const page = await client.send(
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }),
    );
    return decodeIamPolicyDocument(
      page.PolicyDocument,
      `inline policy ${policyName} of role ${roleName}`,
    );
  }

  async listAttachedRolePolicies(accountId: string, roleName: string) {
    const client = await this.clients.iam(accountId);
    const attached: Array<{ arn: string; name: string }> = [];
    for await (const page of paginateListAttachedRolePolicies(
      { client, pageSize: MAX_ITEMS },
      { RoleName: roleName },
    )) {
      for (const p of page.AttachedPolicies ?? []) {
        attached.push({ arn: p.PolicyArn!, name: p.PolicyName! });
      }
    }
    return attached;
  }

  async readRole(
    accountId: string,
    roleName: string,
  ): Promise<RoleRecord | undefined> {
    let basics: RoleBasics;
    try {
      basics = await this.getRole(accountId, roleName);
    } catch (e) {
      if (isNotFoundError(e)) {
        return undefined;
      }
      throw e;
    }
    const [inlineNames, attached] = await Promise.all([
      this.listRolePolicies(accountId, roleName),
      this.listAttachedRolePolicies(accountId, roleName),
    ]);
    const inlinePolicies = await Promise.all(
      inlineNames.map(async name => ({
        name,
        document: await this.getRolePolicy(accountId, roleName, name),
      })),
    );
    return {
      ...basics,
      inlinePolicies,
      attachedPolicyArns: attached.map(p => p.arn),
    };
  }

  async getPolicy(accountId: string, policyArn: string) {
    const client = await this.clients.iam(accountId);
    const { Policy } = await client.send(
      new GetPolicyCommand({ PolicyArn: policyArn }),
    );
    if (!Policy) {
      throw new Error(`IAM GetPolicy returned no policy for ${policyArn}`);
    }
    return toPolicyMetadata(Policy);
  }

  async getPolicyVersion(
    accountId: string,
    policyArn: string,
    versionId: string,
  ) {
    const client = await this.clients.iam(accountId);
    const { PolicyVersion } = await client.send(
      new GetPolicyVersionCommand({
        PolicyArn: policyArn,
        VersionId: versionId,
      }),
    );
    return decodeIamPolicyDocument(
      PolicyVersion?.Document,
      `${policyArn} version ${versionId}`,
    );
  }

  async getManagedPolicy(accountId: string, policyArn: string) {
    const metadata = await this.getPolicy(accountId, policyArn);
    const document = await this.getPolicyVersion(
      accountId,
      policyArn,
      metadata.defaultVersionId,
    );
    return { ...metadata, document };
  }

  async createRole(accountId: string, input: CreateRoleInput) {
    const client = await this.clients.iam(accountId);
    const { Role } = await client.send(
      new CreateRoleCommand({
        RoleName: input.roleName,
        Path: input.path,
        AssumeRolePolicyDocument: encodePolicyDocument(input.trustPolicy),
        Description: input.description,
        PermissionsBoundary: input.permissionsBoundaryArn,
        MaxSessionDuration: input.maxSessionDuration,
        Tags: toTags(input.tags),
      }),
    );
    if (!Role) {
      throw new Error(`IAM CreateRole returned no role for ${input.roleName}`);
    }
    return toRoleBasics(Role, accountId);
  }

  async deleteRole(accountId: string, roleName: string) {
    const client = await this.clients.iam(accountId);
    await client.send(new DeleteRoleCommand({ RoleName: roleName }));
  }

  async updateAssumeRolePolicy(
    accountId: string,
    roleName: string,
    trustPolicy: PolicyDocument,
  ) {
    const client = await this.clients.iam(accountId);
    await client.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: roleName,
        PolicyDocument: encodePolicyDocument(trustPolicy),
      }),
    );
  }

  async putRolePolicy(
    accountId: string,
    roleName: string,
    policyName: string,
    document: PolicyDocument,
  ) {
    const client = await this.clients.iam(accountId);
    await client.send(
      new PutRolePolicyCommand({
        RoleName: roleName,
        PolicyName: policyName,
        PolicyDocument: encodePolicyDocument(document),
      }),
    );
  }

  async deleteRolePolicy(
    accountId: string,
    roleName: string,
    policyName: string,
  ) {
    const client = await this.clients.iam(accountId);
    await client.send(
      new DeleteRolePolicyCommand({
        RoleName: roleName,
        PolicyName: policyName,
      }),
    );
  }

  async attachRolePolicy(
    accountId: string,
    roleName: string,
    policyArn: string,
  ) {
    const client = await this.clients.iam(accountId);
    await client.send(
      new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }),
    );
  }

  async detachRolePolicy(
    accountId: string,
    roleName: string,
    policyArn: string,
  ) {
    const client = await this.clients.iam(accountId);
    await client.send(
      new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }),
    );
  }

  async putRolePermissionsBoundary(
    accountId: string,
    roleName: string,
    policyArn: string,
  ) {
    const client = await this.clients.iam(accountId);
    await client.send(
      new PutRolePermissionsBoundaryCommand({
        RoleName: roleName,
        PermissionsBoundary: policyArn,
      }),
    );
  }

  async deleteRolePermissionsBoundary(accountId: string, roleName: string) {
    const client = await this.clients.iam(accountId);
    await client.send(
      new DeleteRolePermissionsBoundaryCommand({ RoleName: roleName }),
    );
  }

  async tagRole(
    accountId: string,
    roleName: string,
    tags: Record<string, string>,
  ) {
    const client = await this.clients.iam(accountId);
    await client.send(
      new TagRoleCommand({ RoleName: roleName, Tags: toTags(tags) }),
    );
  }

  async untagRole(accountId: string, roleName: string, tagKeys: string[]) {
    const client = await this.clients.iam(accountId);
    await client.send(
      new UntagRoleCommand({ RoleName: roleName, TagKeys: tagKeys }),
    );
  }
}

function toTags(tags: Record<string, string> | undefined) {
  return tags
    ? Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
    : undefined;
}
