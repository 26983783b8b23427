import {
  ESCALATION_METHODS,
  EscalationMethod,
  EscalationRisk,
  Finding,
  RESOURCE_EXPOSURE_ACCESS_LEVEL,
  RESOURCE_EXPOSURE_EXCLUDED_SERVICES,
  parseArn,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { RoleRecord } from '../../inventory/types';
import type { RoleAccess } from '../access/AccessCalculator';
import { effectiveResources } from '../access/effectiveResources';
import { grantMatchesAction } from '../access/grants';
import type { FindingContext } from './context';
import {
  describeStatementRef,
  finding,
  listSome,
  roleSubject,
} from './finding';
import { findingsOfAccess } from './findingsOfAccess';
import { workloadRoles } from './workloadRoles';

/**
 * `*`, or every resource of one type in some account and region
 * (`arn:aws:iam::123456789012:role/*`, `arn:aws:lambda:*:*:function:*`).
 */
export function isWholeResourceType(pattern: string): boolean {
  if (pattern === '*') return true;
  const { service, resource } = parseArn(pattern) ?? {
    service: '',
    resource: '',
  };
  // S3 ARNs carry no resource type: `bucket/*` is one bucket's objects.
  if (service === 's3') return resource === '*' || resource === '*/*';
  return /^([\w-]+[/:])?\*$/.test(resource);
}

interface Hit {
  /** `iam:PassRole on *` — what the role may do, as the detail reads. */
  what: string;
  actions: string[];
}

/**
 * Where the role may take `action`: only patterns that can name a resource
 * the action works on, when the catalogue knows the action.
 */
function allowedOn(
  action: string,
  access: RoleAccess,
  context: FindingContext,
): string[] {
  const known = context.catalogue.get(action);
  return known
    ? access.actions.get(known) ?? []
    : effectiveResources(access.layers, action);
}

/** The method's actions the role may take, its first one on a whole resource type. */
function methodHit(
  method: EscalationMethod,
  access: RoleAccess,
  context: FindingContext,
): Hit | undefined {
  const [pivot, ...rest] = method.actions;
  const broad = allowedOn(pivot, access, context).filter(isWholeResourceType);
  if (broad.length === 0) return undefined;
  if (rest.some(a => allowedOn(a, access, context).length === 0)) {
    return undefined;
  }
  return {
    what: `${method.name} (${[`${pivot} on ${broad.join(', ')}`, ...rest].join(
      ' + ',
    )}: ${method.how})`,
    actions: [...method.actions],
  };
}

/** Cloudsplaining's resource exposure: permissions management on whole resource types. */
function resourceExposure(access: RoleAccess): Hit | undefined {
  const exposing = [...access.actions]
    .filter(
      ([action, resources]) =>
        action.levels.includes(RESOURCE_EXPOSURE_ACCESS_LEVEL) &&
        !RESOURCE_EXPOSURE_EXCLUDED_SERVICES.includes(action.service) &&
        resources.some(isWholeResourceType),
    )
    .map(([action]) => action.name)
    .sort();
  if (exposing.length === 0) return undefined;
  return {
    what: `ResourceExposure (${listSome(
      exposing,
      4,
    )}: changes who else may use resources, e.g. bucket, key or queue policies)`,
    actions: exposing,
  };
}

const TEXT: Record<
  EscalationRisk,
  {
    code: 'POLICY_PRIVILEGE_ESCALATION' | 'POLICY_LATERAL_MOVEMENT';
    lead: string;
    remediation: string;
  }
> = {
  'privilege-escalation': {
    code: 'POLICY_PRIVILEGE_ESCALATION',
    lead: 'can give itself, or a role or user it controls, more permissions than it has',
    remediation:
      'Remove these actions, or limit them to the exact resources the workload manages (iam:PassRole to named roles with an iam:PassedToService condition); a permissions boundary that denies them (iam:*, lambda:UpdateFunctionCode, eks:*AccessEntry, …) blocks the escalation outright.',
  },
  'lateral-movement': {
    code: 'POLICY_LATERAL_MOVEMENT',
    lead: 'can act as other principals or compute, take their credentials, or open resources to them',
    remediation:
      'Limit these actions to the exact resources the workload needs (sts:AssumeRole to named role ARNs, ssm:SendCommand to tagged instances, resource-policy changes to its own resources), or deny them in the permissions boundary.',
  },
};

function riskFinding(
  risk: EscalationRisk,
  role: RoleRecord,
  access: RoleAccess,
  hits: Hit[],
): Finding[] {
  if (hits.length === 0) return [];
  const actions = new Set(hits.flatMap(h => h.actions));
  const granting = [
    ...new Set(
      (access.layers.allows[0] ?? [])
        .filter(g => [...actions].some(a => grantMatchesAction(g, a)))
        .map(describeStatementRef),
    ),
  ];
  const text = TEXT[risk];
  return [
    finding({
      code: text.code,
      subject: roleSubject(role.arn),
      detail: `Role ${role.arn} ${text.lead}: ${listSome(
        hits.map(h => h.what),
        4,
      )} (granted by ${listSome(granting, 3)}).`,
      remediation: text.remediation,
    }),
  ];
}

/**
 * POLICY_PRIVILEGE_ESCALATION and POLICY_LATERAL_MOVEMENT about every
 * workload role, from its effective access (its policies within its boundary)
 * checked against the method catalogue.
 */
export function escalationFindings(context: FindingContext): Finding[] {
  return workloadRoles(context).flatMap(({ role }) => {
    const access = context.access.ofRole(role);
    return findingsOfAccess(access, 'escalation', () =>
      escalationFindingsOf(role, access, context),
    );
  });
}

function escalationFindingsOf(
  role: RoleRecord,
  access: RoleAccess,
  context: FindingContext,
): Finding[] {
  const hits = (risk: EscalationRisk) =>
    ESCALATION_METHODS.filter(method => method.risk === risk).flatMap(
      method => methodHit(method, access, context) ?? [],
    );
  const exposure = resourceExposure(access);
  return [
    ...riskFinding(
      'privilege-escalation',
      role,
      access,
      hits('privilege-escalation'),
    ),
    ...riskFinding('lateral-movement', role, access, [
      ...hits('lateral-movement'),
      ...(exposure ? [exposure] : []),
    ]),
  ];
}
