import { problem, ValidationProblem } from './problem';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;

/** RFC 1123 label, as Kubernetes requires for namespace names. */
export function validateDns1123Label(
  value: string,
  field: string,
): ValidationProblem[] {
  if (!value) return problem(field, `${field} is empty: give a name.`);
  if (value.length > 63) {
    return problem(
      field,
      `${field} "${value}" is ${value.length} characters long: use at most 63.`,
    );
  }
  if (!DNS1123_LABEL.test(value)) {
    return problem(
      field,
      `${field} "${value}" is not a valid DNS-1123 label: use lowercase letters, digits and '-', starting and ending with a letter or digit.`,
    );
  }
  return [];
}

/** RFC 1123 subdomain, as Kubernetes requires for most object names. */
export function validateDns1123Subdomain(
  value: string,
  field: string,
): ValidationProblem[] {
  if (!value) return problem(field, `${field} is empty: give a name.`);
  if (value.length > 253) {
    return problem(
      field,
      `${field} is ${value.length} characters long: use at most 253.`,
    );
  }
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return problem(
      field,
      `${field} "${value}" is not a valid DNS-1123 subdomain: use lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit.`,
    );
  }
  return [];
}

export function validateNamespace(
  value: string,
  field = 'namespace',
): ValidationProblem[] {
  return validateDns1123Label(value, field);
}

export function validateServiceAccountName(
  value: string,
  field = 'serviceAccount',
): ValidationProblem[] {
  return validateDns1123Subdomain(value, field);
}

/** EKS cluster names: 1–100 characters, alphanumerics, '-' and '_', starting alphanumeric. */
export function validateClusterName(
  value: string,
  field = 'cluster',
): ValidationProblem[] {
  if (!value) return problem(field, `${field} is empty: give a cluster name.`);
  if (value.length > 100 || !EKS_CLUSTER_NAME.test(value)) {
    return problem(
      field,
      `${field} "${value}" is not a valid EKS cluster name: use 1–100 letters, digits, '-' or '_', starting with a letter or digit.`,
    );
  }
  return [];
}
