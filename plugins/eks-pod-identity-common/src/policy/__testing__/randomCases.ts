/*
 * Random evaluation cases for the differential test. Test-only: not exported
 * from the package.
 *
 * The universe is fixed (actions, resources, condition keys and values) so
 * that random policies hit each other often enough to produce all three
 * decisions. Constructs where @cloud-copilot/iam-simulate models IAM
 * differently from AWS's documentation are left out on purpose; see
 * differential.test.ts for the list and the reasons.
 */
import type {
  ContextValue,
  PolicyCondition,
  PolicyDocument,
  PolicyStatement,
} from '../../api/types';

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ACCOUNT = '111111111111';
const tableArn = (name: string) =>
  `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${name}`;

/** Requests: concrete resources only, each valid for its action. */
const REQUESTS: Array<{ action: string; resource: string }> = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket-a/team-a/file.txt' },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::bucket-a/team-a/file.txt' },
  { action: 's3:DeleteObject', resource: 'arn:aws:s3:::bucket-b/data/x.csv' },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket-b/data/x.csv' },
  { action: 's3:ListBucket', resource: 'arn:aws:s3:::bucket-a' },
  { action: 'dynamodb:GetItem', resource: tableArn('orders') },
  { action: 'dynamodb:PutItem', resource: tableArn('orders') },
  { action: 'dynamodb:Query', resource: tableArn('users') },
  {
    action: 'sqs:SendMessage',
    resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`,
  },
  {
    action: 'sqs:ReceiveMessage',
    resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`,
  },
  {
    action: 'sns:Publish',
    resource: `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`,
  },
  {
    action: 'secretsmanager:GetSecretValue',
    resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:team-a/db-AbCdEf`,
  },
];

const ACTION_PATTERNS = [
  '*',
  's3:GetObject',
  's3:getobject',
  'S3:PutObject',
  's3:Get*',
  's3:*Object',
  's3:*',
  's3:List*',
  's3:?etObject',
  'dynamodb:*',
  'dynamodb:GetItem',
  'dynamodb:*Item',
  'dynamodb:Query',
  'sqs:*',
  'sqs:?endMessage',
  'sqs:ReceiveMessage',
  'sns:Publish',
  'sns:*',
  'secretsmanager:Get*',
  'secretsmanager:GetSecretValue',
];

const RESOURCE_PATTERNS = [
  '*',
  'arn:aws:s3:::*',
  'arn:aws:s3:::bucket-a',
  'arn:aws:s3:::bucket-a/*',
  'arn:aws:s3:::bucket-?/*',
  'arn:aws:s3:::bucket-a/team-a/*',
  'arn:aws:s3:::bucket-a/Team-A/*',
  'arn:aws:s3:::bucket-b/data/x.csv',
  'arn:aws:s3:::bucket-a/${aws:PrincipalTag/team}/*',
  "arn:aws:s3:::bucket-a/${aws:PrincipalTag/owner, 'team-a'}/*",
  'arn:aws:s3:::bucket-a/${*}',
  tableArn('*'),
  tableArn('orders'),
  tableArn('${aws:PrincipalTag/table}'),
  `arn:aws:dynamodb:*:${ACCOUNT}:table/users`,
  `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`,
  `arn:aws:sqs:us-east-1:*:jobs`,
  `arn:aws:sqs:us-east-1:${ACCOUNT}:*`,
  `arn:aws:sns:*:*:alerts`,
  `arn:aws:sns:us-east-1:${ACCOUNT}:other`,
  `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:team-a/*`,
  `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:\${aws:PrincipalTag/team}/*`,
  `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:team-b/*`,
];

type KeyKind = 'string' | 'ip' | 'bool' | 'date' | 'numeric' | 'arn' | 'array';

interface KeySpec {
  names: string[]; // spellings: key names are case-insensitive
  kind: KeyKind;
  requestValues: ContextValue[];
  policyValues: string[];
}

const KEYS: KeySpec[] = [
  {
    names: ['aws:PrincipalTag/team', 'aws:principaltag/TEAM'],
    kind: 'string',
    requestValues: ['team-a', 'team-b', 'Team-A'],
    policyValues: [
      'team-a',
      'team-b',
      'team-*',
      'TEAM-A',
      '${aws:PrincipalTag/owner}',
      'team-?',
    ],
  },
  {
    names: ['aws:PrincipalTag/table'],
    kind: 'string',
    requestValues: ['orders', 'users'],
    policyValues: ['orders', 'users', 'o*'],
  },
  {
    names: ['aws:PrincipalTag/owner'],
    kind: 'string',
    requestValues: ['team-a', 'platform'],
    policyValues: ['team-a', 'platform', '*'],
  },
  {
    names: ['aws:RequestedRegion'],
    kind: 'string',
    requestValues: ['us-east-1', 'eu-west-1'],
    policyValues: ['us-east-1', 'eu-*', 'us-east-?'],
  },
  {
    names: ['aws:SourceIp', 'AWS:SourceIP'],
    kind: 'ip',
    requestValues: ['10.1.2.3', '192.168.0.5', '2001:db8::1', '203.0.113.9'],
    policyValues: [
      '10.0.0.0/8',
      '192.168.0.0/16',
      '2001:db8::/32',
      '10.1.2.3/32',
      '203.0.113.0/24',
    ],
  },
  {
    names: ['aws:SecureTransport'],
    kind: 'bool',
    requestValues: ['true', 'false'],
    policyValues: ['true', 'false'],
  },
  {
    names: ['aws:CurrentTime'],
    kind: 'date',
    requestValues: ['2025-01-01T00:00:00Z', '2026-06-15T12:00:00Z'],
    policyValues: [
      '2025-06-01T00:00:00Z',
      '2025-01-01T00:00:00Z',
      '2027-01-01T00:00:00Z',
    ],
  },
  {
    names: ['aws:MultiFactorAuthAge'],
    kind: 'numeric',
    requestValues: ['300', '3600', '0'],
    policyValues: ['300', '3600', '1000'],
  },
  {
    names: ['aws:PrincipalArn'],
    kind: 'arn',
    requestValues: [
      `arn:aws:iam::${ACCOUNT}:role/app-role`,
      `arn:aws:iam::${ACCOUNT}:role/admin`,
    ],
    policyValues: [
      `arn:aws:iam::${ACCOUNT}:role/app-*`,
      `arn:aws:iam::*:role/admin`,
      `arn:aws:iam::${ACCOUNT}:role/app-role`,
      `arn:aws:iam::222222222222:role/*`,
    ],
  },
  {
    names: ['aws:TagKeys'],
    kind: 'array',
    requestValues: [['env'], ['env', 'team'], ['cost'], []],
    policyValues: ['env', 'team', 'e*'],
  },
];

const OPERATORS: Record<KeyKind, string[]> = {
  string: [
    'StringEquals',
    'StringNotEquals',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringLike',
    'StringNotLike',
    'StringEqualsIfExists',
    'StringNotLikeIfExists',
    'StringLikeIfExists',
  ],
  ip: ['IpAddress', 'NotIpAddress', 'IpAddressIfExists'],
  bool: ['Bool', 'BoolIfExists'],
  date: [
    'DateLessThan',
    'DateGreaterThan',
    'DateEquals',
    'DateNotEquals',
    'DateGreaterThanEqualsIfExists',
  ],
  numeric: [
    'NumericLessThan',
    'NumericGreaterThanEquals',
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThanIfExists',
  ],
  arn: [
    'ArnLike',
    'ArnNotLike',
    'ArnEquals',
    'ArnNotEquals',
    'ArnLikeIfExists',
  ],
  array: [
    'ForAnyValue:StringEquals',
    'ForAnyValue:StringLike',
    'ForAnyValue:StringNotEquals',
    'ForAllValues:StringEquals',
    'ForAllValues:StringLike',
    'ForAllValues:StringNotLike',
  ],
};

export interface GeneratedCase {
  request: {
    action: string;
    resource: string;
    context: Record<string, ContextValue>;
  };
  identityPolicies: Array<{ name: string; document: PolicyDocument }>;
  boundary?: { name: string; arn: string; document: PolicyDocument };
  sessionPolicy?: { name: string; document: PolicyDocument };
}

export function caseGenerator(random: () => number) {
  const pick = <T>(items: readonly T[]): T =>
    items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;
  const some = <T>(items: readonly T[], max: number): T[] => {
    const n = 1 + Math.floor(random() * max);
    return [...new Set(Array.from({ length: n }, () => pick(items)))];
  };
  const oneOrMany = (values: string[]) =>
    values.length === 1 && chance(0.5) ? values[0] : values;

  function condition(): PolicyCondition {
    const block: PolicyCondition = {};
    const operators = 1 + Math.floor(random() * 2);
    for (let i = 0; i < operators; i++) {
      const spec = pick(KEYS);
      const isNull = chance(0.12);
      const operator = isNull ? 'Null' : pick(OPERATORS[spec.kind]);
      const values = isNull
        ? [pick(['true', 'false'])]
        : some(spec.policyValues, 2);
      block[operator] = {
        ...(block[operator] ?? {}),
        [pick(spec.names)]: oneOrMany(values),
      };
    }
    return block;
  }

  function statement(allowBias: number): PolicyStatement {
    const s: PolicyStatement = { Effect: chance(allowBias) ? 'Allow' : 'Deny' };
    if (chance(0.3)) s.Sid = `S${Math.floor(random() * 1000)}`;
    const actions = oneOrMany(some(ACTION_PATTERNS, 3));
    if (chance(0.15)) s.NotAction = actions;
    else s.Action = actions;
    const resources = oneOrMany(some(RESOURCE_PATTERNS, 3));
    if (chance(0.15)) s.NotResource = resources;
    else s.Resource = resources;
    if (chance(0.45)) s.Condition = condition();
    return s;
  }

  // Boundaries and session policies often grant broadly and carve out; a
  // broad allow now and then keeps "allowed" common enough to be tested.
  const document = (
    statements: number,
    allowBias: number,
    broad = 0,
  ): PolicyDocument => ({
    Version: '2012-10-17',
    Statement: [
      ...(chance(broad)
        ? [{ Effect: 'Allow' as const, Action: '*', Resource: '*' }]
        : []),
      ...Array.from({ length: 1 + Math.floor(random() * statements) }, () =>
        statement(allowBias),
      ),
    ],
  });

  function context(): Record<string, ContextValue> {
    const out: Record<string, ContextValue> = {};
    for (const spec of KEYS) {
      if (chance(0.6)) out[spec.names[0]] = pick(spec.requestValues);
    }
    return out;
  }

  return (): GeneratedCase => {
    const generated: GeneratedCase = {
      request: { ...pick(REQUESTS), context: context() },
      identityPolicies: Array.from(
        { length: 1 + Math.floor(random() * 3) },
        (_, i) => ({
          name: `identity-${i}`,
          document: document(3, 0.75, 0.15),
        }),
      ),
    };
    if (chance(0.5)) {
      generated.boundary = {
        name: 'boundary',
        arn: `arn:aws:iam::${ACCOUNT}:policy/boundary`,
        document: document(2, 0.8, 0.5),
      };
    }
    if (chance(0.4)) {
      generated.sessionPolicy = {
        name: 'session',
        document: document(2, 0.8, 0.5),
      };
    }
    return generated;
  };
}
