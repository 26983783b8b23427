import {
  ContextValue,
  evaluateRequest,
  PolicyDocument,
  PolicyPrincipal,
  PolicyStatement,
  buildArn,
  partitionOfArn,
} from '@pod-identity/plugin-eks-pod-identity-common';

/** A trust policy statement that names the principal, with its position. */
export interface TrustStatement {
  index: number;
  statement: PolicyStatement;
}

export type PrincipalMatcher = (type: string, value: string) => boolean;

const asList = (value: unknown): string[] =>
  value === undefined
    ? []
    : (Array.isArray(value) ? value : [value]).map(String);

function principalMatches(
  principal: PolicyPrincipal | undefined,
  matches: PrincipalMatcher,
): boolean {
  if (principal === undefined) return false;
  if (principal === '*') return true;
  return Object.entries(principal).some(([type, values]) =>
    asList(values).some(value => value === '*' || matches(type, value)),
  );
}

export function statementsOfTrust(trust: PolicyDocument): PolicyStatement[] {
  const raw = trust.Statement;
  if (!raw) return [];
  return (Array.isArray(raw) ? raw : [raw]).filter(Boolean);
}

/** Statements whose Principal covers the caller (NotPrincipal is not used for trust here). */
export function trustStatementsFor(
  trust: PolicyDocument,
  matches: PrincipalMatcher,
): TrustStatement[] {
  return statementsOfTrust(trust).flatMap((statement, index) =>
    principalMatches(statement.Principal, matches)
      ? [{ index, statement }]
      : [],
  );
}

export const servicePrincipal =
  (service: string): PrincipalMatcher =>
  (type, value) =>
    type === 'Service' && value.toLowerCase() === service;

/** An IAM role as an `AWS` principal: its ARN, its account's root, or the account id. */
export function rolePrincipal(
  roleArn: string,
  accountId: string,
): PrincipalMatcher {
  const partition = partitionOfArn(roleArn);
  const root =
    partition &&
    buildArn({
      partition,
      service: 'iam',
      region: '',
      accountId,
      resource: 'root',
    });
  return (type, value) =>
    type === 'AWS' &&
    (value === roleArn || value === accountId || value === root);
}

/** How a trust policy answers one call of the principal. */
export interface TrustAnswer {
  /** `unknown`: a denial that might turn on request keys the analysis cannot know. */
  outcome: 'allowed' | 'denied' | 'unknown';
  /** Indexes (in the trust policy) of the statements that decided it. */
  statements: number[];
  explanation: string;
}

export interface TrustRequest {
  action: string;
  context: Record<string, ContextValue>;
  knownAbsent: (key: string) => boolean;
}

const identityPolicies = new WeakMap<TrustStatement[], PolicyDocument>();

/** The trust statements as identity statements on `*`, built once per list. */
function asIdentityPolicy(
  statements: TrustStatement[],
  version: string | undefined,
): PolicyDocument {
  let document = identityPolicies.get(statements);
  if (!document) {
    document = {
      ...(version ? { Version: version } : {}),
      Statement: statements.map(({ statement }) => ({
        Effect: statement.Effect,
        ...(statement.Action !== undefined && { Action: statement.Action }),
        ...(statement.NotAction !== undefined && {
          NotAction: statement.NotAction,
        }),
        Resource: '*',
        ...(statement.Condition && { Condition: statement.Condition }),
      })),
    };
    identityPolicies.set(statements, document);
  }
  return document;
}

/**
 * Evaluates the principal's trust statements for `action` with the -common
 * engine: each becomes an identity statement on `*`, so Action, Condition,
 * IfExists and variables behave as they do everywhere else.
 */
export function askTrust(
  statements: TrustStatement[],
  version: string | undefined,
  request: TrustRequest,
): TrustAnswer {
  const document = asIdentityPolicy(statements, version);
  const result = evaluateRequest({
    identityPolicies: [{ name: 'trust', document }],
    request: {
      action: request.action,
      resource: '*',
      context: request.context,
    },
  });
  const decidedBy = result.matchedStatements.map(
    m => statements[m.index].index,
  );
  // Findings only come from definite denials, so an allow that rests on an
  // absent key is simply an allow.
  if (result.decision === 'allowed') {
    return { outcome: 'allowed', statements: decidedBy, explanation: '' };
  }
  const unknown = result.missingContextKeys.some(k => !request.knownAbsent(k));
  return {
    outcome: unknown ? 'unknown' : 'denied',
    statements: decidedBy,
    explanation: explainDenial(
      statements,
      request.action,
      result.decision,
      decidedBy,
    ),
  };
}

function describe(t: TrustStatement): string {
  const which = t.statement.Sid
    ? `trust statement "${t.statement.Sid}" (#${t.index + 1})`
    : `trust statement #${t.index + 1}`;
  return t.statement.Condition
    ? `${which}, with Condition ${JSON.stringify(t.statement.Condition)}`
    : which;
}

function explainDenial(
  statements: TrustStatement[],
  action: string,
  decision: 'explicitDeny' | 'implicitDeny',
  decidedBy: number[],
): string {
  if (decision === 'explicitDeny') {
    const denies = statements.filter(t => decidedBy.includes(t.index));
    return `${denies.map(describe).join('; ')} denies ${action}.`;
  }
  const allows = statements.filter(t => t.statement.Effect === 'Allow');
  if (allows.length === 0) return `no trust statement allows ${action}.`;
  return `no trust statement allows ${action} for it (${allows
    .map(describe)
    .join('; ')}).`;
}
