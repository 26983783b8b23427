import { isKnownConditionOperator } from '../policy/conditions/operators';
import { splitArn } from '../policy/patterns';
import type { ValidationProblem } from './problem';

/**
 * What the document is for. It decides the element rules (trust policies name
 * a Principal and no Resource; the others the reverse) and the size limit.
 */
export type PolicyDocumentKind =
  | 'managed'
  | 'inline'
  | 'boundary'
  | 'session'
  | 'trust';

/**
 * Characters, whitespace not counted (IAM quotas; EKS CreatePodIdentityAssociation
 * for the session policy). Inline role policies share 10,240 across the role.
 */
export const POLICY_SIZE_LIMITS: Record<PolicyDocumentKind, number> = {
  managed: 6144,
  boundary: 6144,
  inline: 10240,
  trust: 2048,
  session: 2048,
};

const VERSIONS = ['2012-10-17', '2008-10-17'];
const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);
const ACTION = /^([A-Za-z0-9-]+:[A-Za-z0-9*?]+|\*)$/;
const SID = /^[A-Za-z0-9]*$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Size as IAM counts it: every character except whitespace outside string values. */
export function policySize(document: unknown): number {
  return JSON.stringify(document).length;
}

export interface PolicyGrammarOptions {
  kind: PolicyDocumentKind;
  /** Field name used in messages, e.g. `inlinePolicies.s3-read`. */
  field: string;
}

/**
 * Checks a policy document against the IAM JSON policy grammar: accepts an
 * object or a JSON string. Returns every problem found, each naming the
 * element and how to fix it.
 */
export function validatePolicyDocument(
  input: unknown,
  { kind, field }: PolicyGrammarOptions,
): ValidationProblem[] {
  let document: unknown = input;
  if (typeof input === 'string') {
    try {
      document = JSON.parse(input);
    } catch (e) {
      return [
        {
          field,
          message: `${field} is not valid JSON (${
            (e as Error).message
          }): give the policy as a JSON object.`,
        },
      ];
    }
  }
  if (!isObject(document)) {
    return [
      {
        field,
        message: `${field} must be a JSON object with "Version" and "Statement".`,
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  const add = (at: string, message: string) =>
    problems.push({ field: at, message: `${at} ${message}` });

  for (const key of Object.keys(document)) {
    if (!TOP_LEVEL.has(key))
      add(
        field,
        `has unknown element "${key}": a policy has only Version, Id and Statement.`,
      );
  }
  if (document.Version === undefined) {
    add(`${field}.Version`, 'is missing: add "Version": "2012-10-17".');
  } else if (!VERSIONS.includes(document.Version as string)) {
    add(
      `${field}.Version`,
      `"${String(
        document.Version,
      )}" is not a policy language version: use "2012-10-17".`,
    );
  }

  const raw = document.Statement;
  const statements = (Array.isArray(raw) ? raw : [raw]).filter(
    s => s !== undefined,
  );
  if (statements.length === 0)
    add(
      `${field}.Statement`,
      'is missing or empty: add at least one statement.',
    );
  const sids = new Set<string>();
  statements.forEach((statement, i) => {
    const at = `${field}.Statement[${i}]`;
    if (!isObject(statement)) {
      add(at, 'must be an object.');
      return;
    }
    for (const key of Object.keys(statement)) {
      if (!STATEMENT_KEYS.has(key)) add(at, `has unknown element "${key}".`);
    }
    if (statement.Sid !== undefined) {
      if (typeof statement.Sid !== 'string' || !SID.test(statement.Sid)) {
        add(`${at}.Sid`, 'may contain only letters and digits.');
      } else if (statement.Sid && sids.has(statement.Sid)) {
        add(
          `${at}.Sid`,
          `"${statement.Sid}" is used twice: Sids must be unique within a policy.`,
        );
      } else sids.add(statement.Sid);
    }
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
      add(
        `${at}.Effect`,
        `must be "Allow" or "Deny"${
          statement.Effect === undefined
            ? ''
            : `, not "${String(statement.Effect)}"`
        }.`,
      );
    }
    checkExactlyOne(statement, 'Action', 'NotAction', at, add);
    for (const key of ['Action', 'NotAction']) {
      for (const value of stringList(statement[key], `${at}.${key}`, add)) {
        if (!ACTION.test(value)) {
          add(
            `${at}.${key}`,
            `"${value}" is not an action: use "service:ActionName" (wildcards * and ? allowed) or "*".`,
          );
        }
      }
    }
    if (kind === 'trust') {
      checkExactlyOne(statement, 'Principal', 'NotPrincipal', at, add);
      for (const key of ['Resource', 'NotResource']) {
        if (statement[key] !== undefined)
          add(`${at}.${key}`, 'is not allowed in a trust policy: remove it.');
      }
    } else {
      checkExactlyOne(statement, 'Resource', 'NotResource', at, add);
      for (const key of ['Principal', 'NotPrincipal']) {
        if (statement[key] !== undefined) {
          add(
            `${at}.${key}`,
            'is only allowed in trust and resource policies: remove it from this identity policy.',
          );
        }
      }
    }
    for (const key of ['Resource', 'NotResource']) {
      for (const value of stringList(statement[key], `${at}.${key}`, add)) {
        if (value !== '*' && !splitArn(value)) {
          add(
            `${at}.${key}`,
            `"${value}" is not an ARN: use "arn:partition:service:region:account:resource" or "*".`,
          );
        }
      }
    }
    if (statement.Condition !== undefined)
      checkCondition(statement.Condition, `${at}.Condition`, add);
  });

  const size = policySize(document);
  const limit = POLICY_SIZE_LIMITS[kind];
  if (size > limit) {
    add(
      field,
      `is ${size} characters long (without whitespace): a ${kind} policy may have at most ${limit}; split it or use wildcards.`,
    );
  }
  return problems;
}

type Add = (at: string, message: string) => void;

function checkExactlyOne(
  statement: Record<string, unknown>,
  a: string,
  b: string,
  at: string,
  add: Add,
) {
  const hasA = statement[a] !== undefined;
  const hasB = statement[b] !== undefined;
  if (hasA && hasB) add(at, `has both ${a} and ${b}: keep one.`);
  if (!hasA && !hasB) add(at, `needs ${a} or ${b}.`);
}

function stringList(value: unknown, at: string, add: Add): string[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0)
    add(at, 'is an empty list: give at least one value.');
  return values.filter((v): v is string => {
    if (typeof v !== 'string' || v === '')
      add(at, 'values must be non-empty strings.');
    return typeof v === 'string' && v !== '';
  });
}

function checkCondition(condition: unknown, at: string, add: Add) {
  if (!isObject(condition)) {
    add(at, 'must be an object of { operator: { key: value } }.');
    return;
  }
  for (const [operator, keys] of Object.entries(condition)) {
    if (!isKnownConditionOperator(operator)) {
      add(
        at,
        `uses unknown operator "${operator}": see the IAM condition operators (StringEquals, ArnLike, IpAddress, …).`,
      );
    }
    if (!isObject(keys) || Object.keys(keys).length === 0) {
      add(`${at}.${operator}`, 'must be an object of { key: value }.');
      continue;
    }
    for (const [key, value] of Object.entries(keys)) {
      const values = Array.isArray(value) ? value : [value];
      const scalar = (v: unknown) =>
        ['string', 'number', 'boolean'].includes(typeof v);
      if (values.length === 0 || !values.every(scalar)) {
        add(
          `${at}.${operator}.${key}`,
          'must be a string, number, boolean, or a non-empty list of them.',
        );
      }
    }
  }
}
