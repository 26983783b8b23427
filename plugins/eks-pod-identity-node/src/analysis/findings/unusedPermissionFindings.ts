import {
  EKS_POD_IDENTITY_RIGHT_SIZE_TEMPLATE,
  type Finding,
  type RightSizingProposal,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { RoleRecord } from '../../inventory/types';
import {
  narrowPolicy,
  type UnusedGrants,
  type UnusedStatement,
  unusedGrants,
} from '../lastAccessed/unusedGrants';
import type { FindingContext } from './context';
import { finding, listSome, roleSubject } from './finding';
import { workloadRoles } from './workloadRoles';

const DAY_MS = 24 * 60 * 60 * 1000;

function describeStatement(s: UnusedStatement): string {
  const policy = s.policyArn
    ? `managed policy ${s.policyName}`
    : `inline policy ${s.policyName}`;
  const statement = s.sid
    ? `statement ${s.sid} (#${s.index})`
    : `statement #${s.index}`;
  return `${policy} ${statement}: ${s.unusedActions.join(', ')}`;
}

/**
 * PERMISSIONS_UNUSED: the role's policies grant services (or tracked actions)
 * IAM's last-accessed data says it did not use within the window. Judged only
 * when the report was read and the role is older than the window (a younger
 * role has not had the time to use its grants), and only when the role used
 * some service: a role that used nothing is ROLE_UNUSED's case. Severity:
 * medium when half or more of the granted services are unused, else low.
 */
export function judgedUnusedGrants(
  role: RoleRecord,
  context: FindingContext,
): (UnusedGrants & { reportedAt: string }) | undefined {
  const record = context.lastAccessed?.get(role.arn);
  const windowDays = context.settings.lastAccessedWindowDays;
  if (!record) return undefined;
  if (context.now.getTime() - Date.parse(role.createDate) < windowDays * DAY_MS)
    return undefined;
  const { identityPolicies } = context.index.policiesOf(role);
  const grants = unusedGrants(
    identityPolicies,
    record,
    context.now,
    windowDays,
  );
  if (grants.statements.length === 0 || grants.usedServices.length === 0)
    return undefined;
  return { ...grants, reportedAt: record.reportedAt };
}

/** The role's inline policies narrowed to what it used, and what its managed policies grant unused. */
export function rightSizingProposal(
  role: RoleRecord,
  context: FindingContext,
): RightSizingProposal | undefined {
  const grants = judgedUnusedGrants(role, context);
  if (!grants) return undefined;
  const inline = (name: string) =>
    grants.statements.filter(s => s.policyName === name && !s.policyArn);
  return {
    windowDays: context.settings.lastAccessedWindowDays,
    unusedServices: grants.unusedServices,
    inlinePolicies: role.inlinePolicies
      .filter(p => inline(p.name).length > 0)
      .map(p => {
        const document = narrowPolicy(p.document, inline(p.name));
        return {
          policyName: p.name,
          ...(document ? { document } : {}),
          removedActions: inline(p.name).flatMap(s => s.unusedActions),
        };
      }),
    managedPolicies: [
      ...new Set(grants.statements.flatMap(s => s.policyArn ?? [])),
    ].map(policyArn => ({
      policyArn,
      removedActions: grants.statements
        .filter(s => s.policyArn === policyArn)
        .flatMap(s => s.unusedActions),
    })),
  };
}

function permissionsUnused(
  role: RoleRecord,
  context: FindingContext,
): Finding[] {
  const windowDays = context.settings.lastAccessedWindowDays;
  const grants = judgedUnusedGrants(role, context);
  if (!grants) return [];
  const unusedShare =
    grants.unusedServices.length / Math.max(grants.grantedServices.length, 1);
  const services =
    grants.unusedServices.length > 0
      ? `services ${grants.unusedServices.join(
          ', ',
        )} (of ${grants.grantedServices.join(', ')} granted)`
      : 'tracked actions';
  return [
    finding({
      code: 'PERMISSIONS_UNUSED',
      subject: roleSubject(role.arn),
      ...(unusedShare >= 0.5 ? { severity: 'medium' as const } : {}),
      detail: `Role ${
        role.arn
      } has not used ${services} in the last ${windowDays} days (IAM last accessed data of ${
        grants.reportedAt
      }). Narrow ${listSome(grants.statements.map(describeStatement))}.`,
      remediation: `Remove the unused actions: the ${EKS_POD_IDENTITY_RIGHT_SIZE_TEMPLATE.templateName} template proposes the narrowed inline policies of a role the scaffolder created; for managed policies, attach a narrower policy instead.`,
    }),
  ];
}

export function unusedPermissionFindings(context: FindingContext): Finding[] {
  if (!context.lastAccessed?.size) return [];
  return workloadRoles(context).flatMap(({ role }) =>
    permissionsUnused(role, context),
  );
}
