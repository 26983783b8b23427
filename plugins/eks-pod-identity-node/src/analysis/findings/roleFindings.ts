import {
  Finding,
  formatServiceAccountRef,
  POD_IDENTITY_SESSION_TAGS,
  statementsOf,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { RoleRecord } from '../../inventory/types';
import type { FindingContext } from './context';
import { finding, listSome, roleSubject } from './finding';
import { RoleUse, workloadRoles } from './workloadRoles';

const DAY_MS = 24 * 60 * 60 * 1000;

function noPermissionsBoundary(
  role: RoleRecord,
  context: FindingContext,
): Finding[] {
  const policy = context.settings.permissionsBoundary;
  if (policy === 'off' || role.permissionsBoundaryArn) return [];
  return [
    finding({
      code: 'NO_PERMISSIONS_BOUNDARY',
      subject: roleSubject(role.arn),
      ...(policy === 'required' ? { severity: 'high' as const } : {}),
      detail: `Role ${role.arn} has no permissions boundary${
        policy === 'required'
          ? ', which this installation requires for workload roles'
          : ''
      }, so nothing caps what a policy attached to it later can grant.`,
      remediation: `Attach the organisation's workload boundary: aws iam put-role-permissions-boundary --role-name ${role.name} --permissions-boundary <boundary policy ARN>.`,
    }),
  ];
}

function roleUnused(role: RoleRecord, context: FindingContext): Finding[] {
  const days = context.settings.unusedRoleDays;
  const lastUsed = role.lastUsed ? Date.parse(role.lastUsed) : undefined;
  if (
    lastUsed !== undefined &&
    context.now.getTime() - lastUsed <= days * DAY_MS
  ) {
    return [];
  }
  return [
    finding({
      code: 'ROLE_UNUSED',
      subject: roleSubject(role.arn),
      detail:
        lastUsed === undefined
          ? `Role ${role.arn} has never been used (or not within IAM's tracking window), although an association hands it out.`
          : `Role ${role.arn} was last used ${role.lastUsed}${
              role.lastUsedRegion ? ` in ${role.lastUsedRegion}` : ''
            }, more than ${days} days ago.`,
      remediation: `Check that the workload still needs AWS access and that its pods get credentials (other findings may say why not); if it does not, delete the association and the role.`,
    }),
  ];
}

const SESSION_TAG_REFERENCE = new RegExp(
  `aws:PrincipalTag/(${POD_IDENTITY_SESSION_TAGS.join('|')})`,
  'i',
);

/** Whether the role's policies tell sessions apart by their Pod Identity session tags (ABAC). */
function usesSessionTags(role: RoleRecord, context: FindingContext): boolean {
  const { identityPolicies, boundary } = context.index.policiesOf(role);
  return [...identityPolicies, ...(boundary ? [boundary] : [])].some(p =>
    statementsOf(p.document).some(s =>
      SESSION_TAG_REFERENCE.test(
        JSON.stringify([
          s.condition ?? {},
          s.resource ?? [],
          s.notResource ?? [],
        ]),
      ),
    ),
  );
}

/**
 * ROLE_SHARED: several service accounts assume the role and nothing keeps
 * their access apart: no session policy on their associations, and no ABAC
 * on session tags that reach their sessions.
 */
function roleShared(
  role: RoleRecord,
  uses: RoleUse[],
  context: FindingContext,
): Finding[] {
  const abac = usesSessionTags(role, context);
  const unscoped = new Set(
    uses
      .filter(u => !u.asTarget)
      .filter(
        u =>
          !u.association.sessionPolicy &&
          !(abac && !u.association.disableSessionTags),
      )
      .map(u =>
        formatServiceAccountRef({
          cluster: u.cluster.cluster.name,
          namespace: u.association.namespace,
          serviceAccount: u.association.serviceAccount,
        }),
      ),
  );
  if (unscoped.size < 2) return [];
  return [
    finding({
      code: 'ROLE_SHARED',
      subject: roleSubject(role.arn),
      detail: `Role ${role.arn} is used by ${
        unscoped.size
      } service accounts (${listSome(
        [...unscoped].sort(),
      )}) with no session policy and no condition on their session tags, so each can do everything the others can.`,
      remediation: `Give each service account its own role, or keep one role and scope its policies by session tag (e.g. "Resource": "arn:aws:s3:::bucket/\${aws:PrincipalTag/kubernetes-namespace}/*"), or set a session policy on each association.`,
    }),
  ];
}

/** Boundary, usage and sharing findings about every workload role. */
export function roleFindings(context: FindingContext): Finding[] {
  return workloadRoles(context).flatMap(({ role, uses }) => [
    ...noPermissionsBoundary(role, context),
    ...roleUnused(role, context),
    ...roleShared(role, uses, context),
  ]);
}
