import {
  accountOfArn,
  PolicyDocument,
  problem,
  ValidationProblem,
  roleNameOfArn,
} from '@pod-identity/plugin-eks-pod-identity-common';
import {
  AccountIamInventory,
  AnalysisInput,
  AssociationRecord,
  ClusterInventory,
  IamGateway,
  isNotFoundError,
  ManagedPolicyRecord,
  RoleRecord,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type { ResolvedCluster } from '../services/ClusterResolver';

/** A role as the plan leaves it, and the input field each part of it comes from. */
export interface PlannedRole {
  role: RoleRecord;
  /** The field a finding about the role names, unless a part below is more precise. */
  field: string;
  /** The field of each inline policy (by name) and managed policy (by ARN). */
  policyFields?: Record<string, string>;
  /** The field of trust findings (how the trust policy was chosen). */
  trustField?: string;
}

export interface PlannedAssociation {
  namespace: string;
  serviceAccount: string;
  targetRoleArn?: string;
  disableSessionTags: boolean;
  sessionPolicy?: PolicyDocument;
}

/** What a mutating action is about to make or bind, to judge before any change. */
export interface Plan {
  cluster: ResolvedCluster;
  role: PlannedRole;
  /** The association the role is for (for a role made on its own: the one it is scoped to). */
  association: PlannedAssociation;
  /** False when no association is made (role:create): only the roles are judged. */
  makesAssociation: boolean;
}

/** The id the planned association carries in the in-memory inventory. */
export const PLANNED_ASSOCIATION_ID = 'a-planned';

/**
 * Reads managed policies by content, for the analysis to judge what they
 * grant; a policy that does not exist is a problem naming its field.
 */
export async function readManagedPolicies(
  iam: IamGateway,
  accountId: string,
  arns: Array<{ arn: string; field: string }>,
): Promise<{ policies: ManagedPolicyRecord[]; problems: ValidationProblem[] }> {
  const policies: ManagedPolicyRecord[] = [];
  const problems: ValidationProblem[] = [];
  for (const { arn, field } of arns) {
    try {
      policies.push(await iam.getManagedPolicy(accountId, arn));
    } catch (e) {
      if (!isNotFoundError(e)) throw e;
      problems.push(
        ...problem(
          field,
          `${field} ${arn} does not exist in account ${accountId}: check the ARN.`,
        ),
      );
    }
  }
  return { policies, problems };
}

/** An existing role with its managed policies and boundary, as the inventory would hold it. */
export async function readExistingRole(
  iam: IamGateway,
  arn: string,
): Promise<
  | { state: 'found'; role: RoleRecord; policies: ManagedPolicyRecord[] }
  | { state: 'notFound' }
> {
  const accountId = accountOfArn(arn)!;
  const role = await iam.readRole(accountId, roleNameOfArn(arn));
  if (!role) return { state: 'notFound' };
  const arns = [
    ...role.attachedPolicyArns,
    ...(role.permissionsBoundaryArn ? [role.permissionsBoundaryArn] : []),
  ];
  const { policies } = await readManagedPolicies(
    iam,
    accountId,
    arns.map(a => ({ arn: a, field: a })),
  );
  return { state: 'found', role, policies };
}

/**
 * A target role in another account, which the backend may not be able to
 * read: then the analysis says "unknown" about it, never "fine" or "broken".
 */
async function readTargetRole(iam: IamGateway, arn: string) {
  try {
    return await readExistingRole(iam, arn);
  } catch {
    return { state: 'unreadable' as const };
  }
}

function accountInventory(
  accountId: string,
  roles: RoleRecord[],
  policies: ManagedPolicyRecord[],
  extra: Partial<AccountIamInventory> = {},
): AccountIamInventory {
  return {
    accountId,
    complete: false,
    mode: 'perRole',
    roles,
    policies,
    notFoundRoleArns: [],
    unreadablePolicyArns: [],
    scannedAt: new Date().toISOString(),
    ...extra,
  };
}

/** The plan, and the existing target role it chains to, as an inventory of one cluster. */
export async function planInventory(
  iam: IamGateway,
  plan: Plan,
  policies: ManagedPolicyRecord[],
): Promise<AnalysisInput> {
  const { cluster, role, association } = plan;
  const now = new Date().toISOString();
  const record: AssociationRecord = {
    associationId: PLANNED_ASSOCIATION_ID,
    associationArn: `${cluster.arn.replace(
      ':cluster/',
      ':podidentityassociation/',
    )}/${PLANNED_ASSOCIATION_ID}`,
    clusterName: cluster.name,
    namespace: association.namespace,
    serviceAccount: association.serviceAccount,
    roleArn: role.role.arn,
    ...(association.targetRoleArn && {
      targetRoleArn: association.targetRoleArn,
    }),
    disableSessionTags: association.disableSessionTags,
    ...(association.sessionPolicy && {
      sessionPolicy: association.sessionPolicy,
    }),
    tags: {},
    createdAt: now,
    modifiedAt: now,
  };
  const clusterInventory: ClusterInventory = {
    cluster: {
      name: cluster.name,
      accountId: cluster.accountId,
      region: cluster.region,
      arn: cluster.arn,
      autoMode: false,
      tags: {},
      status: 'ok',
    },
    agent: { installed: true },
    associations: [record],
    namespaces: [association.namespace],
    serviceAccounts: [
      {
        namespace: association.namespace,
        name: association.serviceAccount,
        labels: {},
        annotations: {},
      },
    ],
    workloads: [],
    pods: [],
    nodes: [],
    scannedAt: now,
  };
  const accounts = [accountInventory(cluster.accountId, [role.role], policies)];
  const target = association.targetRoleArn;
  if (target) {
    const read = await readTargetRole(iam, target);
    const accountId = accountOfArn(target)!;
    const same = accounts.find(a => a.accountId === accountId);
    if (read.state === 'found' && same) {
      same.roles.push(read.role);
      same.policies.push(...read.policies);
    } else if (read.state === 'found') {
      accounts.push(accountInventory(accountId, [read.role], read.policies));
    } else if (read.state === 'notFound') {
      accounts.push(
        accountInventory(accountId, [], [], { notFoundRoleArns: [target] }),
      );
    }
  }
  return { clusters: [clusterInventory], accounts };
}
