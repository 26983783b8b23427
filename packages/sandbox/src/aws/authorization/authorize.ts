import {
  evaluateRequest,
  type ContextValue,
  type EvaluationResult,
  type PolicySet,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { Caller } from '../context';
import { AwsError } from '../errors';
import type { SandboxState } from '../../state/model';
import { callerPolicies } from './callerPolicies';
import type { Permission } from './permissions';

/** The AccessDenied code of each service. */
const DENIED_CODE: Record<string, [string, number]> = {
  eks: ['AccessDeniedException', 403],
  iam: ['AccessDenied', 403],
  sts: ['AccessDenied', 403],
};

const POLICY_KIND_WORDS = {
  identity: 'identity-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
} as const;

/** The global condition keys AWS adds to every request of a caller. */
export function callerContext(
  caller: Caller,
  region: string,
): Record<string, ContextValue> {
  const session = caller.session;
  return {
    'aws:PrincipalArn': session ? session.roleArn : caller.arn,
    'aws:PrincipalAccount': caller.account.id,
    'aws:PrincipalType': session ? 'AssumedRole' : 'User',
    'aws:userid': caller.userId,
    'aws:RequestedRegion': region,
    'aws:CurrentTime': new Date().toISOString(),
    'aws:SecureTransport': 'false',
  };
}

/** Why a request was refused, in the words AWS's AccessDenied messages use. */
function reason(action: string, result: EvaluationResult, policies: PolicySet) {
  if (result.decision === 'explicitDeny') {
    const kind = result.matchedStatements[0]?.policy.kind ?? 'identity';
    const words = POLICY_KIND_WORDS[kind as keyof typeof POLICY_KIND_WORDS];
    return `with an explicit deny in ${
      kind === 'identity' ? 'an' : 'a'
    } ${words}`;
  }
  const allowing = new Set(result.matchedStatements.map(s => s.policy.kind));
  const lacking =
    (['identity', 'boundary', 'session'] as const).find(
      kind =>
        !allowing.has(kind) &&
        (kind === 'identity' ||
          (kind === 'boundary' ? policies.boundary : policies.sessionPolicy)),
    ) ?? 'identity';
  return `because no ${POLICY_KIND_WORDS[lacking]} allows the ${action} action`;
}

export function accessDenied(
  service: string,
  callerArn: string,
  action: string,
  resource: string,
  because?: string,
): AwsError {
  const [code, status] = DENIED_CODE[service] ?? DENIED_CODE.iam;
  return new AwsError(
    code,
    status,
    `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}${
      because ? ` ${because}` : ''
    }`,
  );
}

/** AWS's evaluation of one permission for the caller; undefined when allowed. */
export function evaluatePermission(
  state: SandboxState,
  caller: Caller,
  region: string,
  permission: Permission,
): { result: EvaluationResult; policies: PolicySet } | undefined {
  const policies = callerPolicies(state, caller);
  if (policies === 'administrator') return undefined;
  const result = evaluateRequest({
    ...policies,
    request: {
      action: permission.action,
      resource: permission.resource,
      context: { ...callerContext(caller, region), ...permission.context },
    },
  });
  return result.decision === 'allowed' ? undefined : { result, policies };
}

/**
 * Refuses the request, with the service's AccessDenied, unless the caller's
 * policies allow every permission it needs.
 */
export function authorize(
  state: SandboxState,
  service: string,
  caller: Caller,
  region: string,
  permissions: Permission[],
): void {
  if (!state.enforcement.authorization) return;
  for (const permission of permissions) {
    const denied = evaluatePermission(state, caller, region, permission);
    if (denied) {
      throw accessDenied(
        service,
        caller.arn,
        permission.action,
        permission.messageResource ?? permission.resource,
        reason(permission.action, denied.result, denied.policies),
      );
    }
  }
}
