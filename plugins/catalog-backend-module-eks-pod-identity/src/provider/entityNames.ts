import { createHash } from 'node:crypto';
import {
  accountOfArn,
  roleNameOfArn,
} from '@pod-identity/plugin-eks-pod-identity-common';

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

/**
 * `orders-api-111111111111`: the role name with its account, since the same
 * role name is common across accounts (the path is not part of a role's identity).
 */
export function roleEntityName(roleArn: string): string {
  return entityName(
    roleNameOfArn(roleArn),
    `-${accountOfArn(roleArn) ?? ''}`,
    roleArn,
    'role',
  );
}

/** The cluster name, which the inventory already keeps unique. */
export function clusterEntityName(clusterName: string): string {
  return entityName(clusterName, '', clusterName, 'cluster');
}
