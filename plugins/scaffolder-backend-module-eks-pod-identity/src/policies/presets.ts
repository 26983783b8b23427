import {
  ArnKind,
  parseArn,
  PolicyStatement,
  problem,
  validateArn,
  ValidationProblem,
  buildArn,
  partitionOfRegion,
} from '@pod-identity/plugin-eks-pod-identity-common';

/** Ready-made permissions a template offers instead of hand-written JSON. */
export const PERMISSION_PRESETS = [
  's3-read',
  's3-read-write',
  'secrets-manager-read',
  'dynamodb-read',
  'dynamodb-read-write',
  'sqs-consume',
  'sqs-send',
  'sns-publish',
  'kms-decrypt',
] as const;

export type PermissionPreset = (typeof PERMISSION_PRESETS)[number];

export interface PresetGrant {
  preset: PermissionPreset;
  /** Name or ARN of the resource; see PRESET_RESOURCE_HELP. */
  resource: string;
}

/** Shown in the template editor and in error messages. */
export const PRESET_RESOURCE_HELP: Record<PermissionPreset, string> = {
  's3-read': 'a bucket name, "bucket/prefix/" or an S3 ARN',
  's3-read-write': 'a bucket name, "bucket/prefix/" or an S3 ARN',
  'secrets-manager-read':
    'a secret name prefix such as "orders/" or a Secrets Manager ARN',
  'dynamodb-read': 'a table name or a DynamoDB table ARN',
  'dynamodb-read-write': 'a table name or a DynamoDB table ARN',
  'sqs-consume': 'a queue name or an SQS queue ARN',
  'sqs-send': 'a queue name or an SQS queue ARN',
  'sns-publish': 'a topic name or an SNS topic ARN',
  'kms-decrypt': 'a key id or a KMS key ARN',
};

/** Where names without an ARN live: the cluster's account and region. */
export interface PresetScope {
  accountId: string;
  region: string;
}

/** A resource of the scope's account and region, in the region's partition. */
const regionalArn = (s: PresetScope, service: string, resource: string) =>
  buildArn({ service, region: s.region, accountId: s.accountId, resource });

const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const SECRET_PREFIX = /^[A-Za-z0-9/_+=.@-]{1,500}$/;
const KEY_ID = /^(mrk-)?[0-9a-f-]{32,36}$/;

const NAME_RULES: Record<
  string,
  {
    kind: ArnKind;
    pattern: RegExp;
    arn: (name: string, s: PresetScope) => string;
  }
> = {
  dynamodb: {
    kind: 'dynamodb',
    pattern: /^[A-Za-z0-9_.-]{3,255}$/,
    arn: (n, s) => regionalArn(s, 'dynamodb', `table/${n}`),
  },
  sqs: {
    kind: 'sqs',
    pattern: /^[A-Za-z0-9_-]{1,80}(\.fifo)?$/,
    arn: (n, s) => regionalArn(s, 'sqs', n),
  },
  sns: {
    kind: 'sns',
    pattern: /^[A-Za-z0-9_-]{1,256}(\.fifo)?$/,
    arn: (n, s) => regionalArn(s, 'sns', n),
  },
  kms: {
    kind: 'kms',
    pattern: KEY_ID,
    arn: (n, s) => regionalArn(s, 'kms', `key/${n}`),
  },
};

type Built = { statements: PolicyStatement[]; problems: ValidationProblem[] };

function fail(field: string, grant: PresetGrant, why: string): Built {
  return {
    statements: [],
    problems: problem(
      `${field}.resource`,
      `${field}.resource "${grant.resource}" ${why}: for ${grant.preset} give ${
        PRESET_RESOURCE_HELP[grant.preset]
      }.`,
    ),
  };
}

function nameOrArn(
  grant: PresetGrant,
  field: string,
  service: keyof typeof NAME_RULES,
  scope: PresetScope,
): { arn?: string; failure?: Built } {
  const rule = NAME_RULES[service];
  if (grant.resource.startsWith('arn:')) {
    if (service === 'kms' && grant.resource.includes(':alias/')) {
      return {
        failure: fail(
          field,
          grant,
          'is an alias: IAM policies grant KMS access by key ARN, not alias',
        ),
      };
    }
    const problems = validateArn(
      grant.resource,
      rule.kind,
      `${field}.resource`,
    );
    return problems.length
      ? { failure: { statements: [], problems } }
      : { arn: grant.resource };
  }
  if (!rule.pattern.test(grant.resource)) {
    return { failure: fail(field, grant, 'is not a valid name') };
  }
  return { arn: rule.arn(grant.resource, scope) };
}

function s3(
  grant: PresetGrant,
  field: string,
  write: boolean,
  scope: PresetScope,
): Built {
  // S3 ARNs name neither region nor account, only the partition.
  const s3Arn = (resource: string) =>
    buildArn({
      partition: partitionOfRegion(scope.region),
      service: 's3',
      region: '',
      accountId: '',
      resource,
    });
  let path = grant.resource;
  if (path.startsWith('arn:')) {
    const problems = validateArn(path, 's3', `${field}.resource`);
    if (problems.length) return { statements: [], problems };
    path = parseArn(path)!.resource;
  }
  const [bucket, ...rest] = path.split('/');
  const prefix = rest.join('/').replace(/\*$/, '');
  if (!S3_BUCKET.test(bucket) || bucket.includes('..')) {
    return fail(field, grant, 'does not start with a valid bucket name');
  }
  if (/[*?]/.test(prefix)) {
    return fail(field, grant, 'has a wildcard inside the prefix');
  }
  const list: PolicyStatement = {
    Effect: 'Allow',
    Action: ['s3:ListBucket', 's3:GetBucketLocation'],
    Resource: s3Arn(bucket),
  };
  if (prefix) {
    list.Condition = { StringLike: { 's3:prefix': [`${prefix}*`] } };
  }
  const objects: PolicyStatement = {
    Effect: 'Allow',
    Action: write
      ? [
          's3:GetObject',
          's3:GetObjectVersion',
          's3:PutObject',
          's3:DeleteObject',
          's3:AbortMultipartUpload',
        ]
      : ['s3:GetObject', 's3:GetObjectVersion'],
    Resource: s3Arn(`${bucket}/${prefix}*`),
  };
  return { statements: [list, objects], problems: [] };
}

function allow(actions: string[], resources: string[]): Built {
  return {
    statements: [{ Effect: 'Allow', Action: actions, Resource: resources }],
    problems: [],
  };
}

/** The statements of one preset grant, or problems naming `field`. */
export function presetStatements(
  grant: PresetGrant,
  field: string,
  scope: PresetScope,
): Built {
  if (!PERMISSION_PRESETS.includes(grant.preset)) {
    return {
      statements: [],
      problems: problem(
        `${field}.preset`,
        `${field}.preset "${
          grant.preset
        }" is not a preset: use one of ${PERMISSION_PRESETS.join(', ')}.`,
      ),
    };
  }
  if (!grant.resource) return fail(field, grant, 'is empty');
  switch (grant.preset) {
    case 's3-read':
      return s3(grant, field, false, scope);
    case 's3-read-write':
      return s3(grant, field, true, scope);
    case 'secrets-manager-read': {
      let arn: string;
      if (grant.resource.startsWith('arn:')) {
        const problems = validateArn(
          grant.resource,
          'secretsmanager',
          `${field}.resource`,
        );
        if (problems.length) return { statements: [], problems };
        arn = grant.resource;
      } else if (!SECRET_PREFIX.test(grant.resource)) {
        return fail(field, grant, 'is not a valid secret name prefix');
      } else {
        arn = regionalArn(scope, 'secretsmanager', `secret:${grant.resource}*`);
      }
      return allow(
        ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        [arn],
      );
    }
    case 'dynamodb-read':
    case 'dynamodb-read-write': {
      const { arn, failure } = nameOrArn(grant, field, 'dynamodb', scope);
      if (failure) return failure;
      const read = [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:Scan',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DescribeTable',
      ];
      const write = [
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
      ];
      return allow(
        grant.preset === 'dynamodb-read' ? read : [...read, ...write],
        [arn!, `${arn}/index/*`],
      );
    }
    case 'sqs-consume':
    case 'sqs-send': {
      const { arn, failure } = nameOrArn(grant, field, 'sqs', scope);
      if (failure) return failure;
      return allow(
        grant.preset === 'sqs-send'
          ? ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']
          : [
              'sqs:ReceiveMessage',
              'sqs:DeleteMessage',
              'sqs:ChangeMessageVisibility',
              'sqs:GetQueueAttributes',
              'sqs:GetQueueUrl',
            ],
        [arn!],
      );
    }
    case 'sns-publish': {
      const { arn, failure } = nameOrArn(grant, field, 'sns', scope);
      if (failure) return failure;
      return allow(['sns:Publish'], [arn!]);
    }
    case 'kms-decrypt': {
      const { arn, failure } = nameOrArn(grant, field, 'kms', scope);
      if (failure) return failure;
      return allow(['kms:Decrypt', 'kms:DescribeKey'], [arn!]);
    }
    default:
      return fail(field, grant, 'has no rule');
  }
}
