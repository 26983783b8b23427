/**
 * The AWS partitions: each has its own ARN prefix, regions and console.
 * Only the commercial, China and GovCloud (US) partitions have a public
 * console; the ISO partitions are recognised so their ARNs parse and build,
 * but get no console link.
 */
export type AwsPartition =
  | 'aws'
  | 'aws-cn'
  | 'aws-us-gov'
  | 'aws-iso'
  | 'aws-iso-b'
  | 'aws-iso-e'
  | 'aws-iso-f';

/** The partitions whose resources the plugins accept as input. */
export const SUPPORTED_PARTITIONS: readonly AwsPartition[] = [
  'aws',
  'aws-cn',
  'aws-us-gov',
];

/** Region-name prefixes of the non-commercial partitions, most specific first. */
const REGION_PREFIXES: ReadonlyArray<[string, AwsPartition]> = [
  ['cn-', 'aws-cn'],
  ['us-gov-', 'aws-us-gov'],
  ['us-isob-', 'aws-iso-b'],
  ['us-isof-', 'aws-iso-f'],
  ['us-iso-', 'aws-iso'],
  ['eu-isoe-', 'aws-iso-e'],
];

const CONSOLE_HOSTS: Partial<Record<AwsPartition, string>> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

/** The partition a region belongs to: `cn-*` → `aws-cn`, `us-gov-*` → `aws-us-gov`, … else `aws`. */
export function partitionOfRegion(region: string): AwsPartition {
  const hit = REGION_PREFIXES.find(([prefix]) => region.startsWith(prefix));
  return hit ? hit[1] : 'aws';
}

/** The AWS Management Console's host name in a partition, or undefined where it has no public console. */
export function consoleHostOf(partition: string): string | undefined {
  return CONSOLE_HOSTS[partition as AwsPartition];
}
