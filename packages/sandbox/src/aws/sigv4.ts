import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * AWS Signature Version 4, computed from the spec so the sandbox verifies
 * exactly what the SDK signs (the SDK's own signer is only used by tests).
 */

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** `Credential=AKID/20240101/us-east-1/eks/aws4_request` split into parts. */
export type CredentialScope = {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
};

/** What a request carries to be verified, from its Authorization header or presigned query. */
export type SignedRequestParts = {
  scope: CredentialScope;
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  presigned: boolean;
};

export type CanonicalInput = {
  method: string;
  /** Path exactly as sent on the wire (still percent-encoded), without the query. */
  rawPath: string;
  /** Query as sent on the wire, without the leading `?`. */
  rawQuery: string;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
};

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

export function parseCredential(value: string): CredentialScope | undefined {
  const parts = value.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') {
    return undefined;
  }
  const [accessKeyId, date, region, service] = parts;
  return { accessKeyId, date, region, service };
}

/** Reads the signature parts of a request; undefined when it is not SigV4-signed. */
export function readSignature(
  headers: CanonicalInput['headers'],
  query: URLSearchParams,
): SignedRequestParts | undefined {
  const authorization = headerValue(headers, 'authorization');
  if (authorization?.startsWith(`${SIGV4_ALGORITHM} `)) {
    const fields = new Map<string, string>();
    for (const part of authorization
      .slice(SIGV4_ALGORITHM.length + 1)
      .split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) {
        fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
      }
    }
    const scope = parseCredential(fields.get('Credential') ?? '');
    const amzDate = headerValue(headers, 'x-amz-date');
    if (
      !scope ||
      !amzDate ||
      !fields.get('SignedHeaders') ||
      !fields.get('Signature')
    ) {
      return undefined;
    }
    return {
      scope,
      amzDate,
      signedHeaders: fields.get('SignedHeaders')!.split(';'),
      signature: fields.get('Signature')!,
      presigned: false,
    };
  }
  if (query.get('X-Amz-Algorithm') === SIGV4_ALGORITHM) {
    const scope = parseCredential(query.get('X-Amz-Credential') ?? '');
    const amzDate = query.get('X-Amz-Date');
    const signedHeaders = query.get('X-Amz-SignedHeaders');
    const signature = query.get('X-Amz-Signature');
    if (!scope || !amzDate || !signedHeaders || !signature) {
      return undefined;
    }
    return {
      scope,
      amzDate,
      signedHeaders: signedHeaders.split(';'),
      signature,
      presigned: true,
    };
  }
  return undefined;
}

/** RFC 3986 escaping as SigV4 wants it (encodeURIComponent plus !'()*). */
export function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Canonical URI for every service but S3: normalised, then each segment encoded again. */
function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  const normalized = `/${segments.join('/')}${trailing}`;
  return escapeUri(normalized).replace(/%2F/g, '/');
}

function canonicalQuery(rawQuery: string, presigned: boolean): string {
  const pairs: string[] = [];
  for (const [key, value] of new URLSearchParams(rawQuery)) {
    if (presigned && key === 'X-Amz-Signature') continue;
    pairs.push(`${escapeUri(key)}=${escapeUri(value)}`);
  }
  return pairs.sort().join('&');
}

function headerValue(
  headers: CanonicalInput['headers'],
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

export function canonicalRequest(
  input: CanonicalInput,
  parts: SignedRequestParts,
): string {
  const canonicalHeaders = parts.signedHeaders
    .map(name => {
      const value = headerValue(input.headers, name) ?? '';
      return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  // Always the hash of the body received, never a claimed x-amz-content-sha256:
  // a body changed in transit must fail the signature.
  const payloadHash =
    input.body.length === 0
      ? EMPTY_SHA256
      : createHash('sha256').update(input.body).digest('hex');
  return [
    input.method.toUpperCase(),
    canonicalPath(input.rawPath),
    canonicalQuery(input.rawQuery, parts.presigned),
    canonicalHeaders,
    parts.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function computeSignature(
  secretAccessKey: string,
  parts: SignedRequestParts,
  canonical: string,
): string {
  const { date, region, service } = parts.scope;
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    SIGV4_ALGORITHM,
    parts.amzDate,
    scope,
    createHash('sha256').update(canonical, 'utf8').digest('hex'),
  ].join('\n');
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service),
    'aws4_request',
  );
  return createHmac('sha256', signingKey)
    .update(stringToSign, 'utf8')
    .digest('hex');
}

export function signatureMatches(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `20240101T000000Z` → Date; undefined when malformed. */
export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
}
