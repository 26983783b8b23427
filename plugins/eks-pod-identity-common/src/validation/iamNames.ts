import { problem, ValidationProblem } from './problem';

const ROLE_NAME = /^[\w+=,.@-]+$/;
const ROLE_PATH = /^\/([\x21-\x7e]+\/)?$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/;
// IAM and EKS tags: letters, digits, spaces and _ . : / = + - @
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const MAX_TAGS = 50;

/** IAM role names: 1–64 characters from letters, digits and `+=,.@_-`. */
export function validateRoleName(
  value: string,
  field = 'roleName',
): ValidationProblem[] {
  if (!value) return problem(field, `${field} is empty: give a role name.`);
  if (value.length > 64) {
    return problem(
      field,
      `${field} "${value}" is ${value.length} characters long: IAM allows at most 64.`,
    );
  }
  if (!ROLE_NAME.test(value)) {
    return problem(
      field,
      `${field} "${value}" has characters IAM does not allow: use letters, digits and + = , . @ _ - only.`,
    );
  }
  return [];
}

/** IAM paths: `/` or `/segment/…/` (printable ASCII, up to 512 characters). */
export function validateRolePath(
  value: string,
  field = 'rolePath',
): ValidationProblem[] {
  if (value.length > 512 || !ROLE_PATH.test(value)) {
    return problem(
      field,
      `${field} "${value}" is not a valid IAM path: it must start and end with "/" (e.g. "/backstage/"), without spaces, at most 512 characters.`,
    );
  }
  return [];
}

export function validateAccountId(
  value: string,
  field = 'accountId',
): ValidationProblem[] {
  return ACCOUNT_ID.test(value)
    ? []
    : problem(
        field,
        `${field} "${value}" is not an AWS account id: use the 12 digits, e.g. "111111111111" (quote it in YAML).`,
      );
}

export function validateRegion(
  value: string,
  field = 'region',
): ValidationProblem[] {
  return REGION.test(value)
    ? []
    : problem(
        field,
        `${field} "${value}" is not an AWS region code: use a code such as "us-east-1" or "eu-west-1".`,
      );
}

export function validateTagKey(
  key: string,
  field = 'tags',
): ValidationProblem[] {
  if (!key || key.length > 128) {
    return problem(
      field,
      `${field} key "${key}" must be 1–128 characters long.`,
    );
  }
  if (key.toLowerCase().startsWith('aws:')) {
    return problem(
      field,
      `${field} key "${key}" uses the reserved "aws:" prefix: choose another key.`,
    );
  }
  if (!TAG_TEXT.test(key)) {
    return problem(
      field,
      `${field} key "${key}" has characters tags do not allow: use letters, digits, spaces and _ . : / = + - @.`,
    );
  }
  return [];
}

export function validateTagValue(
  key: string,
  value: string,
  field = 'tags',
): ValidationProblem[] {
  if (typeof value !== 'string') {
    return problem(field, `${field} value of "${key}" must be a string.`);
  }
  if (value.length > 256) {
    return problem(
      field,
      `${field} value of "${key}" is ${value.length} characters long: use at most 256.`,
    );
  }
  if (!TAG_TEXT.test(value)) {
    return problem(
      field,
      `${field} value of "${key}" has characters tags do not allow: use letters, digits, spaces and _ . : / = + - @.`,
    );
  }
  return [];
}

/** Tags for an IAM role or an EKS association: at most 50, keys and values within IAM limits. */
export function validateTags(
  tags: Record<string, string>,
  field = 'tags',
): ValidationProblem[] {
  const entries = Object.entries(tags);
  const problems = entries.flatMap(([k, v]) => [
    ...validateTagKey(k, field),
    ...validateTagValue(k, v, field),
  ]);
  if (entries.length > MAX_TAGS) {
    problems.push({
      field,
      message: `${field} has ${entries.length} tags: AWS allows at most ${MAX_TAGS}.`,
    });
  }
  return problems;
}
