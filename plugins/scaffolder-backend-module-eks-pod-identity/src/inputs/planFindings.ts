import { InputError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  accountOfArn,
  Finding,
  FindingCode,
  FindingSeverity,
  formatProblems,
  PolicyDocument,
  problem,
  severityRank,
  ValidationProblem,
} from '@pod-identity/plugin-eks-pod-identity-common';
import {
  AccountIamInventory,
  AnalysisInput,
  AssociationRecord,
  ClusterInventory,
  describeError,
  IamGateway,
  InventoryAnalyzer,
  isNotFoundError,
  ManagedPolicyRecord,
  RoleRecord,
} from '@pod-identity/plugin-eks-pod-identity-node';
import { roleNameOfArn } from '../provisioning/ensureRole';
import type { ResolvedCluster } from '../services/ClusterDirectory';

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

/** A finding about the plan, with the input field it is about. */
export interface PlanFinding {
  field: string;
  code: FindingCode;
  severity: FindingSeverity;
  detail: string;
  remediation: string;
}

/** Ids the plan's subjects carry in the in-memory inventory. */
const PLANNED_ASSOCIATION_ID = 'a-planned';
/** Findings about how a role has been used say nothing about a role about to be made or bound. */
const NOT_ABOUT_A_PLAN: FindingCode[] = ['ROLE_UNUSED'];
/**
 * Shown, never refused: the target account completes the chain after the
 * role exists (the actions output the trust policy it must give its role).
 */
const WARNING_ONLY: FindingCode[] = ['TARGET_ROLE_CHAIN_BROKEN'];

const POLICY_CODES: FindingCode[] = [
  'POLICY_ADMIN',
  'POLICY_PRIVILEGE_ESCALATION',
  'POLICY_LATERAL_MOVEMENT',
  'POLICY_WILDCARD_ACTION',
  'POLICY_WILDCARD_RESOURCE_WRITE',
];

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
  | { state: 'unreadable'; error: string }
> {
  const accountId = accountOfArn(arn)!;
  try {
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
  } catch (e) {
    // An account the backend cannot read: the analysis says "unknown", never "fine" or "broken".
    return { state: 'unreadable', error: describeError(e) };
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
async function planInventory(
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
    const read = await readExistingRole(iam, target);
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

function fieldOf(finding: Finding, plan: Plan): string {
  const { role } = plan;
  if (finding.subject.type === 'association') {
    if (finding.code === 'SESSION_POLICY_WITH_TAGS') return 'sessionPolicy';
    if (finding.code === 'TARGET_ROLE_CHAIN_BROKEN') return 'targetRoleArn';
    return 'serviceAccount';
  }
  if (finding.subject.id !== role.role.arn) return 'targetRoleArn';
  if (POLICY_CODES.includes(finding.code)) {
    const parts = Object.entries(role.policyFields ?? {}).filter(
      ([name]) =>
        finding.detail.includes(`inline policy "${name}"`) ||
        finding.detail.includes(`managed policy ${name}`),
    );
    if (parts.length) return [...new Set(parts.map(([, f]) => f))].join(', ');
  }
  if (finding.code.startsWith('TRUST_') && role.trustField) {
    return role.trustField;
  }
  return role.field;
}

/**
 * Runs the planned role and association through the analysis that raises the
 * findings, and returns the findings about them: the guardrails and the
 * governance page judge with one rule set.
 */
export async function analysePlan(
  deps: { iam: IamGateway; analyzer: InventoryAnalyzer },
  plan: Plan,
  policies: ManagedPolicyRecord[],
): Promise<PlanFinding[]> {
  const input = await planInventory(deps.iam, plan, policies);
  const analysis = await deps.analyzer.analyze(input);
  const subjects = new Set([
    plan.role.role.arn,
    plan.association.targetRoleArn,
    ...(plan.makesAssociation ? [PLANNED_ASSOCIATION_ID] : []),
  ]);
  return analysis.findings
    .filter(f => subjects.has(f.subject.id))
    .filter(f => !NOT_ABOUT_A_PLAN.includes(f.code))
    .map(f => ({
      field: fieldOf(f, plan),
      code: f.code,
      severity: f.severity,
      detail: f.detail,
      remediation: f.remediation,
    }));
}

/** Where the plan's judge gets its reads, analysis and limit. */
export interface PlanJudgeDeps {
  iam: IamGateway;
  analyzer: InventoryAnalyzer;
  guardrails: { refuseFindingsAtOrAbove: FindingSeverity };
}

/**
 * The one call every mutating action makes before its first change: analyse
 * the plan, refuse it at or above the platform's limit, warn about the rest.
 */
export async function judgePlan(
  deps: PlanJudgeDeps,
  logger: LoggerService,
  plan: Plan,
  policies: ManagedPolicyRecord[],
): Promise<PlanFinding[]> {
  return enforcePlanFindings(
    logger,
    await analysePlan(deps, plan, policies),
    deps.guardrails.refuseFindingsAtOrAbove,
  );
}

/** A role that exists (association:create binds it), read as the plan's role. */
export async function existingPlannedRole(
  iam: IamGateway,
  arn: string,
  field: string,
): Promise<{ planned: PlannedRole; policies: ManagedPolicyRecord[] }> {
  const read = await readExistingRole(iam, arn);
  if (read.state === 'notFound') {
    throw new InputError(
      `${field} ${arn} does not exist: check the ARN, or create the role first (eks-pod-identity:role:create).`,
    );
  }
  if (read.state === 'unreadable') {
    throw new InputError(
      `${field} ${arn} cannot be read, so it cannot be checked: ${read.error}`,
    );
  }
  return {
    planned: { role: read.role, field, trustField: field },
    policies: read.policies,
  };
}

/**
 * Refuses the plan when a finding is at or above `threshold`, naming the
 * field, the code, its detail and the fix; logs the lower ones as warnings.
 * Returns every finding, for the action's `findings` output.
 */
export function enforcePlanFindings(
  logger: LoggerService,
  findings: PlanFinding[],
  threshold: FindingSeverity,
): PlanFinding[] {
  const refused = findings.filter(
    f =>
      severityRank(f.severity) <= severityRank(threshold) &&
      !WARNING_ONLY.includes(f.code),
  );
  for (const f of findings) {
    if (refused.includes(f)) continue;
    logger.warn(
      `Warning about ${f.field}: ${f.code} (${f.severity}): ${f.detail} Fix: ${f.remediation}`,
    );
  }
  if (refused.length) {
    throw new InputError(
      formatProblems(
        refused.map(f => ({
          field: f.field,
          message: `${f.field} is refused: the access analysis rates it ${f.code} (${f.severity}, at or above the platform's limit "${threshold}"): ${f.detail} Fix: ${f.remediation}`,
        })),
      ),
    );
  }
  return findings;
}
