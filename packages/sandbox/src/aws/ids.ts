import { createHash, randomBytes, randomUUID } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function pick(alphabet: string, length: number, bytes: Buffer): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += alphabet[bytes[i % bytes.length] % alphabet.length];
  }
  return out;
}

/**
 * Seeded resources get ids derived from what they are, so a restarted sandbox
 * answers the same ids (the plugins key their snapshots by them); resources
 * created through the API get random ones, like AWS.
 */
function source(seedKey: string | undefined, length: number): Buffer {
  return seedKey === undefined
    ? randomBytes(length)
    : createHash('sha256').update(seedKey).digest();
}

/** IAM unique ids: AROA… (role), ANPA… (policy), AIDA… (user): prefix + 17 characters. */
export function iamUniqueId(
  prefix: 'AROA' | 'ANPA' | 'AIDA',
  seedKey?: string,
): string {
  return prefix + pick(UPPER_ALNUM, 17, source(seedKey, 17));
}

export function temporaryAccessKeyId(): string {
  return `ASIA${pick(UPPER_ALNUM, 16, randomBytes(16))}`;
}

export function secretKey(): string {
  return randomBytes(30).toString('base64');
}

export function sessionToken(): string {
  return randomBytes(96).toString('base64');
}

/** `a-` + 17 lowercase alphanumerics, like EKS Pod Identity association ids. */
export function associationId(seedKey?: string): string {
  return `a-${pick(LOWER_ALNUM, 17, source(seedKey, 17))}`;
}

export function uuid(seedKey?: string): string {
  if (seedKey === undefined) return randomUUID();
  const hex = createHash('sha256').update(seedKey).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(
    13,
    16,
  )}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function hexId(length: number, seedKey?: string): string {
  return source(seedKey, length).toString('hex').slice(0, length).toUpperCase();
}

export function requestId(): string {
  return randomUUID();
}
