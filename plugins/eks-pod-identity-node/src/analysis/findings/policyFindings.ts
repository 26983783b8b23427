import { Finding } from '@pod-identity/plugin-eks-pod-identity-common';
import type { RoleRecord } from '../../inventory/types';
import type { RoleAccess } from '../access/AccessCalculator';
import type { Grant } from '../access/grants';
import { grantsEverything } from '../access/summarizeAccess';
import type { FindingContext } from './context';
import {
  describeStatementRef,
  finding,
  listSome,
  roleSubject,
} from './finding';
import { findingsOfAccess } from './findingsOfAccess';
import { workloadRoles } from './workloadRoles';

const identityGrants = (access: RoleAccess): Grant[] =>
  access.layers.allows[0] ?? [];

const describeGrants = (grants: Grant[]) =>
  listSome([...new Set(grants.map(describeStatementRef))], 3);

const coversEverything = (g: Grant) =>
  (g.resource ?? []).includes('*') || g.notResource !== undefined;

function policyAdmin(role: RoleRecord, access: RoleAccess): Finding[] {
  if (!access.summary.admin) return [];
  const granting = identityGrants(access).filter(grantsEverything);
  return [
    finding({
      code: 'POLICY_ADMIN',
      subject: roleSubject(role.arn),
      detail: `${describeGrants(granting)} allow${
        granting.length === 1 ? 's' : ''
      } every action on every resource ("Action": "*", "Resource": "*"), and ${
        role.permissionsBoundaryArn
          ? `the permissions boundary ${role.permissionsBoundaryArn} does too`
          : 'no permissions boundary limits it'
      }: pods using role ${role.arn} are administrators of account ${
        role.accountId
      }.`,
      remediation: `Replace the policy with one that lists the actions and resources the workload uses (IAM Access Analyzer can generate one from CloudTrail), and attach a permissions boundary.`,
    }),
  ];
}

const WILDCARD_ACTION = /^(\*|\*:\*|[\w-]+:\*)$/;

function wildcardAction(role: RoleRecord, access: RoleAccess): Finding[] {
  const wild = identityGrants(access).flatMap(g => {
    if (g.notAction) {
      return [
        `${describeStatementRef(g)} (Allow with NotAction ${JSON.stringify(
          g.notAction,
        )}: every other action)`,
      ];
    }
    const patterns = (g.action ?? []).filter(a => WILDCARD_ACTION.test(a));
    return patterns.length
      ? [
          `${describeStatementRef(g)} (${patterns
            .map(p => `"${p}"`)
            .join(', ')})`,
        ]
      : [];
  });
  if (wild.length === 0) return [];
  return [
    finding({
      code: 'POLICY_WILDCARD_ACTION',
      subject: roleSubject(role.arn),
      detail: `Role ${role.arn} allows whole services: ${listSome(
        wild,
        4,
      )}; every action the service adds later is granted too.`,
      remediation: `List the actions the workload calls instead of the wildcard (e.g. "dynamodb:GetItem", "dynamodb:PutItem"); CloudTrail or IAM Access Analyzer policy generation shows which ones it uses.`,
    }),
  ];
}

function wildcardResourceWrite(
  role: RoleRecord,
  access: RoleAccess,
  context: FindingContext,
): Finding[] {
  const writes = [...access.actions]
    .filter(
      ([action, resources]) =>
        resources.includes('*') &&
        action.levels.some(
          l => l === 'Write' || l === 'Permissions management',
        ),
    )
    .map(([action]) => action);
  if (writes.length === 0) return [];
  const granting = identityGrants(access).filter(g => {
    if (!coversEverything(g)) return false;
    const covered = context.catalogue.covered(g);
    return writes.some(w => covered.has(w));
  });
  const writeNames = writes.map(w => w.name).sort();
  return [
    finding({
      code: 'POLICY_WILDCARD_RESOURCE_WRITE',
      subject: roleSubject(role.arn),
      detail: `Role ${role.arn} may call ${
        writes.length
      } write or permissions-management action(s) on "Resource": "*" (${listSome(
        writeNames,
        5,
      )}), granted by ${describeGrants(granting)}.`,
      remediation: `Name the resources these actions need (ARNs, or ARN patterns with the workload's prefix) instead of "*"; where an action cannot be scoped by ARN, restrict it with a condition such as aws:ResourceTag.`,
    }),
  ];
}

/** Policy findings about every workload role, from its effective access on its own. */
export function policyFindings(context: FindingContext): Finding[] {
  return workloadRoles(context).flatMap(({ role }) => {
    const access = context.access.ofRole(role);
    return findingsOfAccess(access, 'policy', () => [
      ...policyAdmin(role, access),
      ...wildcardAction(role, access),
      ...wildcardResourceWrite(role, access, context),
    ]);
  });
}
