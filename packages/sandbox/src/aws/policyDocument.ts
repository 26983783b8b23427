/**
 * The structural checks IAM applies before it accepts a policy document; the
 * messages are the ones IAM answers with MalformedPolicyDocument.
 */

export type PolicyKind = 'identity' | 'trust';

const VERSIONS = ['2012-10-17', '2008-10-17'];
const TOP_LEVEL = ['Version', 'Id', 'Statement'];
const STATEMENT_FIELDS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
];
const ACTION_PATTERN = /^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+)$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrStrings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(v => typeof v === 'string')
  ) {
    return value as string[];
  }
  return undefined;
}

function statementProblem(
  statement: unknown,
  kind: PolicyKind,
): string | undefined {
  if (!isObject(statement)) return 'Syntax errors in policy.';
  const unknown = Object.keys(statement).find(
    k => !STATEMENT_FIELDS.includes(k),
  );
  if (unknown) return `Unknown field ${unknown}`;
  if (statement.Effect === undefined) return 'Missing required field Effect';
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    return `Invalid effect: ${String(statement.Effect)}`;
  }
  const hasAction = statement.Action !== undefined;
  const hasNotAction = statement.NotAction !== undefined;
  if (!hasAction && !hasNotAction)
    return 'Policy statement must contain actions.';
  if (hasAction && hasNotAction)
    return 'Statement cannot contain both Action and NotAction.';
  const actions = stringOrStrings(
    hasAction ? statement.Action : statement.NotAction,
  );
  if (!actions) return 'Syntax errors in policy.';
  if (actions.some(a => !ACTION_PATTERN.test(a))) {
    return 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
  }
  const hasPrincipal =
    statement.Principal !== undefined || statement.NotPrincipal !== undefined;
  const hasResource =
    statement.Resource !== undefined || statement.NotResource !== undefined;
  if (kind === 'identity') {
    if (hasPrincipal) return 'Policy document should not specify a principal.';
    if (!hasResource) return 'Missing required field Resource';
    if (
      statement.Resource !== undefined &&
      statement.NotResource !== undefined
    ) {
      return 'Statement cannot contain both Resource and NotResource.';
    }
    if (!stringOrStrings(statement.Resource ?? statement.NotResource)) {
      return 'Syntax errors in policy.';
    }
  } else {
    if (!hasPrincipal) return 'Missing required field Principal';
    if (hasResource) return 'Has prohibited field Resource';
    const principal = statement.Principal ?? statement.NotPrincipal;
    if (principal !== '*' && !isObject(principal))
      return 'Invalid principal in policy';
  }
  if (statement.Condition !== undefined) {
    if (
      !isObject(statement.Condition) ||
      !Object.values(statement.Condition).every(isObject)
    ) {
      return 'Syntax errors in policy.';
    }
  }
  return undefined;
}

/** Why IAM would reject the document, or undefined when it is acceptable. */
export function policyDocumentProblem(
  text: string,
  kind: PolicyKind,
): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return 'Syntax errors in policy.';
  }
  if (!isObject(doc)) return 'Syntax errors in policy.';
  const unknown = Object.keys(doc).find(k => !TOP_LEVEL.includes(k));
  if (unknown) return `Unknown field ${unknown}`;
  if (doc.Version !== undefined && !VERSIONS.includes(doc.Version as string)) {
    return 'The policy failed legacy parsing';
  }
  if (doc.Statement === undefined) return 'Missing required field Statement';
  const statements = Array.isArray(doc.Statement)
    ? doc.Statement
    : [doc.Statement];
  if (statements.length === 0) return 'Missing required field Statement';
  for (const statement of statements) {
    const problem = statementProblem(statement, kind);
    if (problem) return problem;
  }
  return undefined;
}

/** IAM counts policy size without whitespace. */
export function policySize(text: string): number {
  return text.replace(/\s+/g, '').length;
}

export function statementsOf(text: string): Array<Record<string, unknown>> {
  const doc = JSON.parse(text) as { Statement: unknown };
  const statements = Array.isArray(doc.Statement)
    ? doc.Statement
    : [doc.Statement];
  return statements.filter(isObject);
}

export function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}
