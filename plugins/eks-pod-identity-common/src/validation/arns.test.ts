import { ArnKind, normalizeArn, validateArn } from './arns';

describe('validateArn', () => {
  it.each<[ArnKind, string]>([
    ['iam-role', 'arn:aws:iam::111111111111:role/bs-payments'],
    ['iam-role', 'arn:aws:iam::111111111111:role/backstage/bs-payments'],
    ['iam-policy', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
    ['iam-policy', 'arn:aws:iam::111111111111:policy/backstage-boundary'],
    ['eks-cluster', 'arn:aws:eks:us-east-1:111111111111:cluster/prod-use1'],
    ['s3', 'arn:aws:s3:::my-bucket'],
    ['s3', 'arn:aws:s3:::my-bucket/any/key.txt'],
    ['dynamodb', 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders'],
    [
      'dynamodb',
      'arn:aws:dynamodb:eu-west-1:111111111111:table/orders/index/by-date',
    ],
    ['sqs', 'arn:aws:sqs:us-east-1:111111111111:jobs.fifo'],
    ['sns', 'arn:aws:sns:us-east-1:111111111111:alerts'],
    [
      'kms',
      'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    ],
    ['kms', 'arn:aws:kms:us-east-1:111111111111:alias/app'],
    [
      'secretsmanager',
      'arn:aws:secretsmanager:us-east-1:111111111111:secret:team/db-AbCdEf',
    ],
    ['iam-role', 'arn:aws-us-gov:iam::111111111111:role/app'],
  ])('%s %s is valid', (kind, arn) => {
    expect(validateArn(arn, kind, 'arn')).toEqual([]);
  });

  it.each<[ArnKind, string, RegExp]>([
    [
      'iam-role',
      'bs-payments',
      /is not an ARN: expected an IAM role ARN such as/,
    ],
    ['iam-role', 'arn:aws:iam::111111111111:policy/x', /invalid resource part/],
    [
      'iam-role',
      'arn:aws:s3:::bucket',
      /is a s3 ARN: expected an IAM role ARN/,
    ],
    ['iam-role', 'arn:aws:iam::11111:role/x', /12-digit account/],
    ['iam-role', 'arn:aws:iam:us-east-1:111111111111:role/x', /empty region/],
    ['iam-role', 'arn:aws:iam::aws:role/x', /12-digit account/],
    [
      'iam-role',
      `arn:aws:iam::111111111111:role/${'x'.repeat(65)}`,
      /invalid resource part/,
    ],
    ['iam-role', 'arn:awz:iam::111111111111:role/x', /unknown partition/],
    [
      'eks-cluster',
      'arn:aws:eks:nowhere:111111111111:cluster/prod',
      /no valid region/,
    ],
    ['s3', 'arn:aws:s3:us-east-1::bucket', /empty region/],
    ['s3', 'arn:aws:s3:::Bucket_Name', /invalid resource part/],
    [
      'dynamodb',
      'arn:aws:dynamodb:us-east-1:111111111111:orders',
      /invalid resource part/,
    ],
    [
      'sqs',
      'arn:aws:sqs:us-east-1:111111111111:jobs/x',
      /invalid resource part/,
    ],
    [
      'secretsmanager',
      'arn:aws:secretsmanager:us-east-1:111111111111:team/db',
      /invalid resource part/,
    ],
  ])('%s %s is rejected', (kind, arn, message) => {
    const problems = validateArn(arn, kind, 'roleArn');
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe('roleArn');
    expect(problems[0].message).toMatch(/^roleArn /);
    expect(problems[0].message).toMatch(message);
  });

  it('accepts wildcards in the resource name only when asked', () => {
    const prefix =
      'arn:aws:secretsmanager:us-east-1:111111111111:secret:team/*';
    expect(validateArn(prefix, 'secretsmanager', 'resource')).toHaveLength(1);
    expect(
      validateArn(prefix, 'secretsmanager', 'resource', {
        allowWildcards: true,
      }),
    ).toEqual([]);
    expect(
      validateArn('arn:aws:s3:::bucket-*/x/*', 's3', 'resource', {
        allowWildcards: true,
      }),
    ).toEqual([]);
  });
});

describe('normalizeArn', () => {
  it.each([
    [
      'arn:aws:iam::aws:policy/./AdministratorAccess',
      'arn:aws:iam::aws:policy/administratoraccess',
    ],
    [
      'arn:aws:iam::aws:policy/job-function/../AdministratorAccess',
      'arn:aws:iam::aws:policy/administratoraccess',
    ],
    [
      'arn:aws:iam::111111111111:role//backstage//bs-x',
      'arn:aws:iam::111111111111:role/backstage/bs-x',
    ],
    // S3 keys are case-sensitive, so only the path noise goes.
    ['arn:aws:s3:::Bucket/./Key', 'arn:aws:s3:::Bucket/Key'],
    ['not-an-arn ', 'not-an-arn'],
  ])('%s → %s', (value, expected) => {
    expect(normalizeArn(value)).toBe(expected);
  });
});
