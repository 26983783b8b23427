/*
 * The input and output types of the actions, named. Each action factory
 * returns TemplateAction<XInput, XOutput> rather than the type zod infers from
 * its schema: the inferred one prints its members in an order that varies
 * from one checkout to the next, which made the API report unstable. The
 * compiler checks that each schema still matches its type.
 */

import type { JsonObject } from '@backstage/types';

/** An IAM policy document, as JSON text or as an object. */
export type PolicyDocumentInput = string | JsonObject;

/** One ready-made permission: a preset applied to a resource. */
export type PermissionInput = { resource: string; preset: string };

/** One line of the `plan` output: what the action did (dry run: would do). */
export type PlanOutputItem = {
  resource: string;
  action: 'create' | 'update' | 'delete' | 'reuse';
  target: string;
  document?: JsonObject;
  detail?: string;
};

/** One finding of the access analysis below the refusal limit. */
export type FindingOutputItem = {
  field: string;
  code: string;
  detail: string;
  severity: string;
  remediation: string;
};

/** The role as eks-pod-identity:setup makes it, documents included. */
export type RoleOutput = {
  path: string;
  name: string;
  tags: Record<string, string>;
  managedPolicyArns: string[];
  trustPolicy: string;
  arn: string;
  permissionsBoundaryArn?: string;
  permissionsPolicy?: string;
};

export type AgentInstallInput = {
  cluster: string;
  version?: string;
};

export type AgentInstallOutput = {
  addonName: string;
  installed: boolean;
  plan: PlanOutputItem[];
  version?: string;
  status?: string;
};

export type RoleCreateInput = {
  cluster: string;
  namespace?: string;
  serviceAccount?: string;
  roleName?: string;
  trustScope?: string;
  disableSessionTags?: boolean;
  permissions?: PermissionInput[];
  customPolicy?: PolicyDocumentInput;
  managedPolicyArns?: string[];
  targetRoleArn?: string;
  tags?: Record<string, string>;
  entityRef?: string;
};

export type RoleCreateOutput = {
  roleArn: string;
  trustPolicy: string;
  findings: FindingOutputItem[];
  plan: PlanOutputItem[];
  targetTrustPolicy?: string;
};

export type ServiceAccountCreateInput = {
  cluster: string;
  namespace: string;
  name: string;
  createNamespace?: boolean;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};

export type ServiceAccountCreateOutput = {
  serviceAccount: string;
  plan: PlanOutputItem[];
};

export type AssociationCreateInput = {
  cluster: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  targetRoleArn?: string;
  disableSessionTags?: boolean;
  sessionPolicy?: PolicyDocumentInput;
  tags?: Record<string, string>;
  entityRef?: string;
};

export type AssociationCreateOutput = {
  findings: FindingOutputItem[];
  plan: PlanOutputItem[];
  associationId?: string;
  associationArn?: string;
  targetTrustPolicy?: string;
  entityUrl?: string;
};

export type SetupInput = {
  cluster: string;
  namespace: string;
  serviceAccount: string;
  createNamespace?: boolean;
  roleName?: string;
  trustScope?: string;
  permissions?: PermissionInput[];
  customPolicy?: PolicyDocumentInput;
  managedPolicyArns?: string[];
  targetRoleArn?: string;
  disableSessionTags?: boolean;
  sessionPolicy?: PolicyDocumentInput;
  tags?: Record<string, string>;
  entityRef?: string;
  planOnly?: boolean;
};

export type SetupOutput = {
  roleArn: string;
  findings: FindingOutputItem[];
  plan: PlanOutputItem[];
  role: RoleOutput;
  associationId?: string;
  associationArn?: string;
  targetTrustPolicy?: string;
  entityUrl?: string;
};

export type IrsaMigrateInput = {
  cluster: string;
  namespace: string;
  serviceAccount: string;
  removeAnnotation?: boolean;
  trustScope?: string;
  disableSessionTags?: boolean;
  tags?: Record<string, string>;
  entityRef?: string;
};

export type IrsaMigrateOutput = {
  roleArn: string;
  trustPolicy: string;
  findings: FindingOutputItem[];
  plan: PlanOutputItem[];
  associationId?: string;
  associationArn?: string;
  entityUrl?: string;
};

export type AssociationDeleteInput = {
  cluster: string;
  namespace: string;
  serviceAccount: string;
  entityRef?: string;
  deleteRole?: boolean;
};

export type AssociationDeleteOutput = {
  deleted: boolean;
  roleDeleted: boolean;
  plan: PlanOutputItem[];
  associationId?: string;
};

export type RoleUpdatePermissionsInput = {
  cluster: string;
  roleArn: string;
  policyName: string;
  policyDocument: PolicyDocumentInput;
  entityRef?: string;
};

export type RoleUpdatePermissionsOutput = {
  roleArn: string;
  removedStatements: JsonObject[];
  addedStatements: JsonObject[];
  accessBefore: JsonObject;
  accessAfter: JsonObject;
  findings: FindingOutputItem[];
  plan: PlanOutputItem[];
};
