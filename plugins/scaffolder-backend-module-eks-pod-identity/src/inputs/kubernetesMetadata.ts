import {
  problem,
  validateDns1123Subdomain,
  ValidationProblem,
} from '@pod-identity/plugin-eks-pod-identity-common';

// Kubernetes label/annotation keys: optional DNS-subdomain prefix + "/" + a
// name of at most 63 [A-Za-z0-9-_.] starting and ending alphanumeric.
const KEY_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/**
 * Key prefixes a template may not write on a service account, and why:
 * `eks.amazonaws.com/` drives the IRSA webhook (`role-arn` would hand the
 * pods any role, and irsa:migrate starts from it); `kubernetes.io/` and
 * `k8s.io/` are reserved for Kubernetes itself (e.g. the mountable-secrets
 * rule); `backstage.io/` and `eks-pod-identity/` are what Backstage reads to
 * tie workloads to catalog entities.
 */
const RESERVED_KEY_PREFIXES: Record<string, string> = {
  'eks.amazonaws.com':
    'it configures IRSA; AWS access is granted through a Pod Identity association (eks-pod-identity:setup or association:create), and an existing IRSA service account is moved with eks-pod-identity:irsa:migrate',
  'kubernetes.io': 'Kubernetes reserves it for its own components',
  'k8s.io': 'Kubernetes reserves it for its own components',
  'backstage.io': 'Backstage reads it to tie workloads to catalog entities',
  'eks-pod-identity': 'Backstage reads it to tie workloads to catalog entities',
};

/** Label or annotation keys (and, for labels, values) as the API server checks them. */
export function checkKubernetesMetadata(
  values: unknown,
  field: 'labels' | 'annotations',
): ValidationProblem[] {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    return problem(field, `${field} must be an object of key: value.`);
  }
  const problems: ValidationProblem[] = [];
  for (const [key, value] of Object.entries(values)) {
    const at = `${field}.${key}`;
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = key.slice(slash + 1);
    if (
      !KEY_NAME.test(name) ||
      (prefix !== undefined && validateDns1123Subdomain(prefix, at).length)
    ) {
      problems.push(
        ...problem(
          at,
          `${field} key "${key}" is not a valid Kubernetes key: use an optional DNS prefix and "/", then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.`,
        ),
      );
    }
    const why =
      prefix !== undefined
        ? RESERVED_KEY_PREFIXES[prefix.toLowerCase()]
        : undefined;
    if (why) {
      problems.push(
        ...problem(at, `${at} is a reserved key (${why}): remove it.`),
      );
    }
    if (typeof value !== 'string') {
      problems.push(...problem(at, `${at} must be text.`));
    } else if (field === 'labels' && !LABEL_VALUE.test(value)) {
      problems.push(
        ...problem(
          at,
          `${at} "${value}" is not a valid label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.`,
        ),
      );
    }
  }
  return problems;
}
