import { AwsError } from '../errors';
import type { RoleState, SandboxState } from '../../state/model';

const IAM_ENTITY_ARN =
  /^arn:aws:iam::(\d{12}):(role|user)\/(?:[^/]+\/)*([\w+=,.@-]+)$/;

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function statements(document: string): Array<Record<string, any>> {
  const parsed = JSON.parse(document);
  return asList(parsed.Statement) as Array<Record<string, any>>;
}

/** Every `AWS` principal a trust policy names (Principal and NotPrincipal). */
function awsPrincipals(document: string): string[] {
  return statements(document).flatMap(s =>
    [s.Principal, s.NotPrincipal].flatMap(p =>
      p && typeof p === 'object' ? (asList(p.AWS) as string[]) : [],
    ),
  );
}

/** The unique id of the role or user an ARN names now, if the sandbox holds it. */
export function principalIdOf(
  state: SandboxState,
  arn: string,
): string | undefined {
  const m = IAM_ENTITY_ARN.exec(arn);
  if (!m) return undefined;
  const account = state.accounts.get(m[1]);
  if (!account) return undefined;
  if (m[2] === 'user') {
    return account.callerArn === arn ? account.callerUserId : undefined;
  }
  const role = account.roles.get(m[3].toLowerCase());
  return role?.arn === arn ? role.id : undefined;
}

/**
 * IAM resolves the role and user principals of a trust policy when it is set
 * and refuses one that does not exist ("Invalid principal in policy"). Only
 * principals in the sandbox's own accounts can be checked; others pass, as
 * IAM cannot see into accounts the sandbox does not hold either.
 */
export function resolveTrustPrincipals(
  state: SandboxState,
  document: string,
): Map<string, string> {
  const ids = new Map<string, string>();
  for (const principal of awsPrincipals(document)) {
    const m = IAM_ENTITY_ARN.exec(principal);
    if (!m || !state.accounts.has(m[1])) continue;
    const id = principalIdOf(state, principal);
    if (!id) {
      throw new AwsError(
        'MalformedPolicyDocument',
        400,
        `Invalid principal in policy: "AWS":"${principal}"`,
      );
    }
    ids.set(principal, id);
  }
  return ids;
}

/** Seeds are not checked: record the principals that exist, leave the rest unresolved. */
export function seededTrustPrincipals(
  state: SandboxState,
  document: string,
): Map<string, string> {
  const ids = new Map<string, string>();
  for (const principal of awsPrincipals(document)) {
    const id = principalIdOf(state, principal);
    if (id) ids.set(principal, id);
  }
  return ids;
}

/** Whether a trust principal ARN still names the role or user it named when set. */
export function principalStillNamed(
  state: SandboxState,
  role: RoleState,
  arn: string,
): boolean {
  const recorded = role.trustPrincipalIds.get(arn);
  return recorded !== undefined && recorded === principalIdOf(state, arn);
}

/**
 * The trust policy as IAM answers it: a principal deleted since the policy
 * was set reads back as its unique id (AROA…, AIDA…).
 */
export function storedTrustPolicy(
  state: SandboxState,
  role: RoleState,
): string {
  const gone = [...role.trustPrincipalIds].filter(
    ([arn, id]) => principalIdOf(state, arn) !== id,
  );
  if (gone.length === 0) return role.trustPolicy;
  const replacement = new Map(gone);
  const swapOne = (value: unknown) =>
    typeof value === 'string' ? replacement.get(value) ?? value : value;
  const swap = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(swapOne) : swapOne(value);
  const parsed = JSON.parse(role.trustPolicy);
  for (const statement of asList(parsed.Statement) as Array<
    Record<string, any>
  >) {
    for (const key of ['Principal', 'NotPrincipal']) {
      const p = statement[key];
      if (p && typeof p === 'object' && p.AWS !== undefined)
        p.AWS = swap(p.AWS);
    }
  }
  return JSON.stringify(parsed);
}
