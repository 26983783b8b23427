import type { MatchedStatement, PolicyRef } from '../api/types';
import type { EvaluationRequest } from './types';

export function describePolicy(policy: PolicyRef): string {
  switch (policy.kind) {
    case 'boundary':
      return `the permissions boundary ${
        policy.arn ?? policy.name ?? ''
      }`.trim();
    case 'session':
      return "the association's session policy";
    default:
      if (policy.arn) return `managed policy ${policy.arn}`;
      return policy.name
        ? `inline policy "${policy.name}"`
        : 'an identity policy';
  }
}

export function describeStatement(statement: MatchedStatement): string {
  const which = statement.sid
    ? `statement "${statement.sid}"`
    : `statement #${statement.index + 1}`;
  return `${which} of ${describePolicy(statement.policy)}`;
}

const describeRequest = (r: EvaluationRequest) =>
  r.resource === '*' ? r.action : `${r.action} on ${r.resource}`;

function missingNote(missingContextKeys: string[]): string {
  if (missingContextKeys.length === 0) return '';
  return ` The request did not supply ${missingContextKeys.join(
    ', ',
  )}, which the policies test; supplying ${
    missingContextKeys.length === 1 ? 'it' : 'them'
  } may change the answer.`;
}

export function explainAllowed(
  request: EvaluationRequest,
  allows: MatchedStatement[],
  missing: string[],
): string {
  const byKind = (kind: string) => allows.filter(s => s.policy.kind === kind);
  const parts = [`${describeStatement(byKind('identity')[0])} allows it`];
  const boundary = byKind('boundary')[0];
  if (boundary) parts.push(`${describePolicy(boundary.policy)} allows it`);
  if (byKind('session')[0]) parts.push('the session policy allows it');
  return `Allowed: ${describeRequest(request)}: ${parts.join(
    ', ',
  )}, and nothing denies it.${missingNote(missing)}`;
}

export function explainExplicitDeny(
  request: EvaluationRequest,
  denies: MatchedStatement[],
  missing: string[],
): string {
  return `Denied: ${describeStatement(
    denies[0],
  )} explicitly denies ${describeRequest(
    request,
  )}; an explicit deny overrides every allow.${missingNote(missing)}`;
}

export function explainImplicitDeny(
  request: EvaluationRequest,
  missingAllow: PolicyRef | 'identity',
  missing: string[],
): string {
  const what = describeRequest(request);
  const sentence =
    missingAllow === 'identity'
      ? `no identity policy of the role allows ${what}`
      : `${describePolicy(
          missingAllow,
        )} does not allow ${what}, so the role's own allow has no effect`;
  return `Denied: ${sentence}.${missingNote(missing)}`;
}
