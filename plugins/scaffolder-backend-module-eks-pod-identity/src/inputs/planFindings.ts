import { InputError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  Finding,
  FindingCode,
  FindingSeverity,
  formatProblems,
  severityRank,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  IamGateway,
  InventoryAnalyzer,
  ManagedPolicyRecord,
} from '@pod-identity/plugin-eks-pod-identity-node';
import {
  Plan,
  PLANNED_ASSOCIATION_ID,
  PlannedRole,
  planInventory,
  readExistingRole,
} from './planInventory';

/** A finding about the plan, with the input field it is about. */
export interface PlanFinding {
  field: string;
  code: FindingCode;
  severity: FindingSeverity;
  detail: string;
  remediation: string;
}

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
