import { createHash } from 'node:crypto';

/** Backstage's limit for `metadata.name`. */
const MAX_NAME_LENGTH = 63;

const hashOf = (value: string) =>
  createHash('sha256').update(value).digest('hex').slice(0, 8);

/** Letters and digits, separated by single `-`, `_` or `.`: what an entity name allows. */
function sanitize(value: string): string {
  return value
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .replace(/[-_.]{2,}/g, '-')
    .replace(/^[-_.]+|[-_.]+$/g, '');
}

/**
 * A valid, stable entity name close to `readable`. When the readable part had
 * to change or be cut, a hash of `identity` keeps names of different things
 * from colliding.
 */
function entityName(
  readable: string,
  suffix: string,
  identity: string,
  fallback: string,
): string {
  const clean = sanitize(readable);
  if (
    clean.length > 0 &&
    clean === readable &&
    clean.length + suffix.length <= MAX_NAME_LENGTH
  ) {
    return clean + suffix;
  }
  const hash = `-${hashOf(identity)}`;
  const room = MAX_NAME_LENGTH - suffix.length - hash.length;
  const head = sanitize(clean.slice(0, room)) || fallback;
  return head + hash + suffix;
}

/** `arn:aws:iam::111111111111:role/apps/orders` → account and name. */
export function parseRoleArn(arn: string): { accountId: string; name: string } {
  const parts = arn.split(':');
  const resource = parts.slice(5).join(':');
  return {
    accountId: parts[4] ?? '',
    name: resource.slice(resource.lastIndexOf('/') + 1),
  };
}

/**
 * `orders-api-111111111111`: the role name with its account, since the same
 * role name is common across accounts (the path is not part of a role's identity).
 */
export function roleEntityName(roleArn: string): string {
  const { accountId, name } = parseRoleArn(roleArn);
  return entityName(name, `-${accountId}`, roleArn, 'role');
}

/** The cluster name, which the inventory already keeps unique. */
export function clusterEntityName(clusterName: string): string {
  return entityName(clusterName, '', clusterName, 'cluster');
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

export function clusterArn(cluster: {
  name: string;
  accountId: string;
  region: string;
}): string {
  return `arn:${partitionOf(cluster.region)}:eks:${cluster.region}:${
    cluster.accountId
  }:cluster/${cluster.name}`;
}
