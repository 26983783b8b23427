import { isSimulationResource } from './simulation';

describe('isSimulationResource', () => {
  it.each([
    '*',
    'arn:aws:s3:::bucket/key',
    'arn:aws-cn:dynamodb:cn-north-1:111111111111:table/orders',
    'arn:aws-us-gov:sqs:us-gov-west-1:111111111111:jobs',
    'arn:aws:iam::aws:policy/ReadOnlyAccess',
    'arn:aws:secretsmanager:us-east-1:111111111111:secret:team/db-AbCdEf',
  ])('accepts %s', value => {
    expect(isSimulationResource(value)).toBe(true);
  });

  it.each([
    'arn:aws:s3:::bucket/*',
    'arn:aws:s3:::bucket/k?y',
    'arn:aws:s3:::',
    'arn:aws-iso:s3:::bucket/key',
    'arn:aws:dynamodb:us-east-1:1111:table/orders',
    'arn:aws:S3:::bucket/key',
    'bucket/key',
    '',
  ])('refuses %s', value => {
    expect(isSimulationResource(value)).toBe(false);
  });
});
