import { asList, statementsOf } from '../policyDocument';

export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';

function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return regex.test(action);
}

function namesPodIdentity(principal: unknown): boolean {
  if (typeof principal !== 'object' || principal === null) return false;
  return asList((principal as Record<string, unknown>).Service).includes(
    POD_IDENTITY_PRINCIPAL,
  );
}

/** What a role's trust policy grants the Pod Identity service principal. */
export function podIdentityTrust(trustPolicy: string): {
  principal: boolean;
  assumeRole: boolean;
  tagSession: boolean;
} {
  const result = { principal: false, assumeRole: false, tagSession: false };
  let statements: Array<Record<string, unknown>>;
  try {
    statements = statementsOf(trustPolicy);
  } catch {
    return result;
  }
  for (const statement of statements) {
    if (statement.Effect !== 'Allow' || !namesPodIdentity(statement.Principal))
      continue;
    result.principal = true;
    const actions = asList(statement.Action);
    result.assumeRole ||= actions.some(a => actionMatches(a, 'sts:AssumeRole'));
    result.tagSession ||= actions.some(a => actionMatches(a, 'sts:TagSession'));
  }
  return result;
}
