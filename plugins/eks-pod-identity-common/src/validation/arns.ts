import { parseArn } from '../arn/arn';
import { SUPPORTED_PARTITIONS } from '../arn/partitions';
import { validateRoleName } from './iamNames';
import { validateClusterName } from './kubernetesNames';
import { problem, ValidationProblem } from './problem';

export type ArnKind =
  | 'iam-role'
  | 'iam-policy'
  | 'eks-cluster'
  | 's3'
  | 'dynamodb'
  | 'sqs'
  | 'sns'
  | 'kms'
  | 'secretsmanager';

interface ArnRule {
  service: string;
  description: string;
  example: string;
  regional: boolean;
  /** `aws` allowed as the account (AWS managed policies). */
  awsAccount?: boolean;
  /** S3 ARNs carry neither region nor account. */
  global?: boolean;
  /** Resource part; `W` is replaced by the wildcard characters when wildcards are allowed. */
  resource: string;
}

const RULES: Record<ArnKind, ArnRule> = {
  'iam-role': {
    service: 'iam',
    description: 'an IAM role ARN',
    example: 'arn:aws:iam::111111111111:role/my-role',
    regional: false,
    resource: 'role/(?:[\\x21-\\x7eW]+/)?[\\w+=,.@W-]{1,64}',
  },
  'iam-policy': {
    service: 'iam',
    description: 'an IAM policy ARN',
    example: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    regional: false,
    awsAccount: true,
    resource: 'policy/(?:[\\x21-\\x7eW]+/)?[\\w+=,.@W-]{1,128}',
  },
  'eks-cluster': {
    service: 'eks',
    description: 'an EKS cluster ARN',
    example: 'arn:aws:eks:us-east-1:111111111111:cluster/prod',
    regional: true,
    resource: 'cluster/[0-9A-Za-zW][A-Za-z0-9_W-]{0,99}',
  },
  s3: {
    service: 's3',
    description: 'an S3 bucket or object ARN',
    example: 'arn:aws:s3:::my-bucket/prefix/*',
    regional: false,
    global: true,
    resource: '[a-z0-9W][a-z0-9.W-]{1,61}[a-z0-9W](?:/.*)?',
  },
  dynamodb: {
    service: 'dynamodb',
    description: 'a DynamoDB table ARN',
    example: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
    regional: true,
    resource: 'table/[A-Za-z0-9_.W-]{1,255}(?:/(?:index|stream)/[^/]+)?',
  },
  sqs: {
    service: 'sqs',
    description: 'an SQS queue ARN',
    example: 'arn:aws:sqs:us-east-1:111111111111:jobs',
    regional: true,
    resource: '[A-Za-z0-9_W-]{1,80}(?:\\.fifo)?',
  },
  sns: {
    service: 'sns',
    description: 'an SNS topic ARN',
    example: 'arn:aws:sns:us-east-1:111111111111:alerts',
    regional: true,
    resource: '[A-Za-z0-9_W-]{1,256}(?:\\.fifo)?',
  },
  kms: {
    service: 'kms',
    description: 'a KMS key or alias ARN',
    example:
      'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    regional: true,
    resource: '(?:key/[A-Za-z0-9W-]{1,128}|alias/[A-Za-z0-9/_W-]{1,250})',
  },
  secretsmanager: {
    service: 'secretsmanager',
    description: 'a Secrets Manager secret ARN',
    example:
      'arn:aws:secretsmanager:us-east-1:111111111111:secret:team/db-AbCdEf',
    regional: true,
    resource: 'secret:[A-Za-z0-9/_+=.@W-]{1,512}',
  },
};

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/;

export interface ArnOptions {
  /** Accept `*` and `?` in the resource name (policy resources such as `bucket/prefix/*`). */
  allowWildcards?: boolean;
}

/** Checks that `value` is a well-formed ARN of the given kind. */
export function validateArn(
  value: string,
  kind: ArnKind,
  field: string,
  options: ArnOptions = {},
): ValidationProblem[] {
  const rule = RULES[kind];
  const expected = `expected ${rule.description} such as "${rule.example}"`;
  const arn = typeof value === 'string' ? parseArn(value) : undefined;
  if (!arn)
    return problem(field, `${field} "${value}" is not an ARN: ${expected}.`);
  if (!(SUPPORTED_PARTITIONS as readonly string[]).includes(arn.partition)) {
    return problem(
      field,
      `${field} "${value}" has unknown partition "${arn.partition}": use aws, aws-cn or aws-us-gov.`,
    );
  }
  if (arn.service !== rule.service) {
    return problem(
      field,
      `${field} "${value}" is a ${
        arn.service || 'service-less'
      } ARN: ${expected}.`,
    );
  }
  if (rule.regional ? !REGION.test(arn.region) : arn.region !== '') {
    return problem(
      field,
      rule.regional
        ? `${field} "${value}" has no valid region: ${expected}.`
        : `${field} "${value}" must have an empty region: ${expected}.`,
    );
  }
  const accountOk = rule.global
    ? arn.accountId === ''
    : /^\d{12}$/.test(arn.accountId) ||
      (rule.awsAccount === true && arn.accountId === 'aws');
  if (!accountOk) {
    return problem(
      field,
      rule.global
        ? `${field} "${value}" must have an empty account: ${expected}.`
        : `${field} "${value}" has no valid 12-digit account id: ${expected}.`,
    );
  }
  const resource = new RegExp(
    `^${rule.resource.replace(/W/g, options.allowWildcards ? '*?' : '')}$`,
  );
  if (!resource.test(arn.resource)) {
    return problem(
      field,
      `${field} "${value}" has an invalid resource part "${arn.resource}": ${expected}.`,
    );
  }
  if (kind === 'iam-role' && !options.allowWildcards) {
    return validateRoleName(
      arn.resource.split('/').pop()!,
      `${field} role name`,
    );
  }
  if (kind === 'eks-cluster' && !options.allowWildcards) {
    return validateClusterName(
      arn.resource.slice('cluster/'.length),
      `${field} cluster name`,
    );
  }
  return [];
}

/** Collapses `//`, drops `.` segments and resolves `..` in a `/`-separated resource. */
function normalizeResourcePath(resource: string): string {
  const segments: string[] = [];
  for (const segment of resource.split('/')) {
    if (segment === '.' || (segment === '' && segments.length > 0)) continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  // A trailing slash is kept: an IAM path prefix ends with one.
  return segments.join('/') + (/\/\.{0,2}$/.test(resource) ? '/' : '');
}

/**
 * An ARN (or ARN pattern) in the form lists compare it: path noise (`//`,
 * `./`, `../`) removed, and IAM ARNs lower-cased, because IAM does not
 * distinguish role and policy names by case. Other services keep the case of
 * their resource part. Not an ARN: returned trimmed, unchanged otherwise.
 */
export function normalizeArn(value: string): string {
  const arn = parseArn(value.trim());
  if (!arn) return value.trim();
  const resource = normalizeResourcePath(arn.resource);
  const normalized = [
    'arn',
    arn.partition.toLowerCase(),
    arn.service.toLowerCase(),
    arn.region.toLowerCase(),
    arn.accountId.toLowerCase(),
    resource,
  ].join(':');
  return arn.service.toLowerCase() === 'iam'
    ? normalized.toLowerCase()
    : normalized;
}
