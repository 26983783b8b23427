import { partitionOfRegion } from './partitions';

/**
 * One ARN, `arn:partition:service:region:account:resource`. The resource part
 * may itself contain colons (`secret:name`, `function:name:alias`).
 */
export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

/*
 * Two kinds of helpers, on purpose:
 * - readers that answer a question about any string (`parseArn`,
 *   `accountOfArn`, `partitionOfArn`) return undefined for what is not an
 *   ARN, since they run on unvalidated input;
 * - the name helpers (`roleNameOfArn`, `policyNameOfArn`, `clusterNameOfArn`)
 *   and `buildArn` throw a TypeError naming the value, since their callers
 *   hold ARNs that were validated or that AWS returned: a mismatch is a bug,
 *   and must not become a call on the wrong name.
 */

/** Splits an ARN into its parts, or undefined for a string that is not `arn:` plus five more parts. */
export function parseArn(value: string): ParsedArn | undefined {
  if (typeof value !== 'string') return undefined;
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, accountId] = parts;
  return {
    partition,
    service,
    region,
    accountId,
    resource: parts.slice(5).join(':'),
  };
}

/** The account id of an ARN, or undefined (not an ARN, or an account-less one such as S3's). */
export function accountOfArn(value: string): string | undefined {
  return parseArn(value)?.accountId || undefined;
}

/** The partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`, …), or undefined. */
export function partitionOfArn(value: string): string | undefined {
  return parseArn(value)?.partition || undefined;
}

/**
 * Joins the parts of an ARN. Without a partition, the region's partition is
 * used; a global resource (IAM, S3) must name its partition.
 */
export function buildArn(
  parts: Omit<ParsedArn, 'partition'> & { partition?: string },
): string {
  const partition =
    parts.partition || (parts.region ? partitionOfRegion(parts.region) : '');
  if (!partition || !parts.service || !parts.resource) {
    throw new TypeError(
      `Cannot build an ARN from ${JSON.stringify(
        parts,
      )}: partition (or region), service and resource are required.`,
    );
  }
  return [
    'arn',
    partition,
    parts.service,
    parts.region,
    parts.accountId,
    parts.resource,
  ].join(':');
}

function resourceName(
  value: string,
  service: string,
  type: string,
  what: string,
): string {
  const arn = parseArn(value);
  if (
    !arn ||
    arn.service !== service ||
    !arn.resource.startsWith(`${type}/`) ||
    arn.resource.endsWith('/')
  ) {
    throw new TypeError(`"${value}" is not ${what} ARN.`);
  }
  return arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
}

/** `arn:aws:iam::111111111111:role/some/path/orders` → `orders` (IAM names roles without their path). */
export function roleNameOfArn(value: string): string {
  return resourceName(value, 'iam', 'role', 'an IAM role');
}

/** `arn:aws:iam::aws:policy/service-role/AmazonEKSClusterPolicy` → `AmazonEKSClusterPolicy`. */
export function policyNameOfArn(value: string): string {
  return resourceName(value, 'iam', 'policy', 'an IAM policy');
}

/** True for the policies AWS manages (`arn:<partition>:iam::aws:policy/…`), in any partition. */
export function isAwsManagedPolicyArn(value: string): boolean {
  const arn = parseArn(value);
  return (
    arn?.service === 'iam' &&
    arn.accountId === 'aws' &&
    arn.resource.startsWith('policy/')
  );
}

/** `arn:aws:eks:us-east-1:111111111111:cluster/prod` → `prod`. */
export function clusterNameOfArn(value: string): string {
  return resourceName(value, 'eks', 'cluster', 'an EKS cluster');
}

/** The ARN of an IAM role; `path` is `/` or `/a/b/`. */
export function roleArnOf(role: {
  partition: string;
  accountId: string;
  path?: string;
  name: string;
}): string {
  return buildArn({
    partition: role.partition,
    service: 'iam',
    region: '',
    accountId: role.accountId,
    resource: `role${role.path ?? '/'}${role.name}`,
  });
}

/** The ARN of an EKS cluster, in its region's partition. */
export function clusterArnOf(cluster: {
  region: string;
  accountId: string;
  name: string;
}): string {
  return buildArn({
    service: 'eks',
    region: cluster.region,
    accountId: cluster.accountId,
    resource: `cluster/${cluster.name}`,
  });
}
