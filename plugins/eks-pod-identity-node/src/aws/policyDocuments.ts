import type { PolicyDocument } from '@pod-identity/plugin-eks-pod-identity-common';

/**
 * IAM returns every policy document URL-encoded (RFC 3986), EKS returns session
 * policies as plain JSON strings. Both are decoded here and nowhere else, so
 * the rest of the suite only ever sees JSON objects.
 */
export function decodeIamPolicyDocument(
  encoded: string | undefined,
  what: string,
): PolicyDocument {
  if (!encoded) {
    throw new Error(`IAM returned no policy document for ${what}`);
  }
  return parsePolicyJson(decodeURIComponent(encoded), what);
}

export function parsePolicyJson(json: string, what: string): PolicyDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new Error(`The policy document of ${what} is not valid JSON: ${e}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`The policy document of ${what} is not a JSON object`);
  }
  return parsed as PolicyDocument;
}

/** For writes: IAM and EKS take documents as JSON strings. */
export function encodePolicyDocument(document: PolicyDocument): string {
  return JSON.stringify(document);
}
