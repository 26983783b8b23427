import {
  accountOfArn,
  buildArn,
  clusterArnOf,
  clusterNameOfArn,
  parseArn,
  partitionOfArn,
  policyNameOfArn,
  roleArnOf,
  roleNameOfArn,
} from './arn';
import { consoleHostOf, partitionOfRegion } from './partitions';

describe.each([
  ['aws', 'us-east-1', 'console.aws.amazon.com'],
  ['aws-cn', 'cn-northwest-1', 'console.amazonaws.cn'],
  ['aws-us-gov', 'us-gov-west-1', 'console.amazonaws-us-gov.com'],
])('partition %s', (partition, region, consoleHost) => {
  const role = `arn:${partition}:iam::111111111111:role/apps/team/orders`;
  const cluster = `arn:${partition}:eks:${region}:111111111111:cluster/prod`;

  it('is the partition of its regions', () => {
    expect(partitionOfRegion(region)).toBe(partition);
  });

  it('parses role and cluster ARNs', () => {
    expect(parseArn(role)).toEqual({
      partition,
      service: 'iam',
      region: '',
      accountId: '111111111111',
      resource: 'role/apps/team/orders',
    });
    expect(partitionOfArn(cluster)).toBe(partition);
    expect(accountOfArn(cluster)).toBe('111111111111');
    expect(roleNameOfArn(role)).toBe('orders');
    expect(clusterNameOfArn(cluster)).toBe('prod');
  });

  it('builds the same ARNs back', () => {
    expect(
      roleArnOf({
        partition,
        accountId: '111111111111',
        path: '/apps/team/',
        name: 'orders',
      }),
    ).toBe(role);
    expect(
      clusterArnOf({ region, accountId: '111111111111', name: 'prod' }),
    ).toBe(cluster);
    expect(buildArn(parseArn(cluster)!)).toBe(cluster);
  });

  it('has its own console', () => {
    expect(consoleHostOf(partition)).toBe(consoleHost);
  });
});

describe('parseArn', () => {
  it('keeps the colons of the resource part', () => {
    expect(
      parseArn('arn:aws:secretsmanager:us-east-1:111111111111:secret:a:b'),
    ).toMatchObject({ service: 'secretsmanager', resource: 'secret:a:b' });
  });

  it.each(['arn:aws:s3', 'not-an-arn', '', 'ARN:aws:iam::1:role/x'])(
    'returns undefined for %j, as do the account and partition readers',
    value => {
      expect(parseArn(value)).toBeUndefined();
      expect(accountOfArn(value)).toBeUndefined();
      expect(partitionOfArn(value)).toBeUndefined();
    },
  );

  it('has no account for S3 ARNs', () => {
    expect(accountOfArn('arn:aws:s3:::bucket/key')).toBeUndefined();
  });
});

describe('name helpers', () => {
  it('read role names without a path, and policy names with one', () => {
    expect(roleNameOfArn('arn:aws:iam::111111111111:role/orders')).toBe(
      'orders',
    );
    expect(
      policyNameOfArn(
        'arn:aws:iam::aws:policy/service-role/AmazonEKSClusterPolicy',
      ),
    ).toBe('AmazonEKSClusterPolicy');
  });

  it('throw, naming the value, for an ARN of another kind', () => {
    expect(() =>
      roleNameOfArn('arn:aws:iam::111111111111:policy/orders'),
    ).toThrow(
      '"arn:aws:iam::111111111111:policy/orders" is not an IAM role ARN',
    );
    expect(() => clusterNameOfArn('arn:aws:iam::111111111111:role/x')).toThrow(
      TypeError,
    );
    expect(() => policyNameOfArn('orders')).toThrow(TypeError);
  });
});

describe('buildArn', () => {
  it('needs a partition for a global resource', () => {
    expect(() =>
      buildArn({ service: 'iam', region: '', accountId: '1', resource: 'x' }),
    ).toThrow('partition (or region), service and resource are required');
  });
});

describe('partitionOfRegion', () => {
  it.each([
    ['eu-west-1', 'aws'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
  ])('%s → %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });

  it('has no console link for the ISO partitions', () => {
    expect(consoleHostOf('aws-iso')).toBeUndefined();
  });
});
