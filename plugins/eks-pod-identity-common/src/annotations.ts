import { ALL_CLUSTERS, ANNOTATION_SERVICE_ACCOUNTS } from './constants';
import {
  validateClusterName,
  validateNamespace,
  validateServiceAccountName,
} from './validation/kubernetesNames';
import type { ValidationProblem } from './validation/problem';

/** A service account an entity claims; `cluster` may be `*` (every configured cluster). */
export interface ServiceAccountRef {
  cluster: string;
  namespace: string;
  serviceAccount: string;
}

export interface ParsedServiceAccounts {
  refs: ServiceAccountRef[];
  /** One per malformed entry; the well-formed entries are still in `refs`. */
  problems: ValidationProblem[];
}

const FORMAT_HINT = `expected "cluster:namespace/serviceaccount" (cluster may be "${ALL_CLUSTERS}"), comma separated`;

/**
 * Parses the `eks-pod-identity/service-accounts` annotation. Malformed entries
 * are reported, not thrown, so one typo does not hide the other entries.
 */
export function parseServiceAccountsAnnotation(
  value: string,
): ParsedServiceAccounts {
  const field = `metadata.annotations["${ANNOTATION_SERVICE_ACCOUNTS}"]`;
  const entries = value
    .split(',')
    .map(e => e.trim())
    .filter(e => e.length > 0);
  if (entries.length === 0) {
    return {
      refs: [],
      problems: [{ field, message: `${field} is empty: ${FORMAT_HINT}.` }],
    };
  }

  const refs: ServiceAccountRef[] = [];
  const problems: ValidationProblem[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const match = /^([^:/\s]+):([^:/\s]+)\/([^:/\s]+)$/.exec(entry);
    if (!match) {
      problems.push({
        field,
        message: `${field} entry "${entry}" is malformed: ${FORMAT_HINT}.`,
      });
      continue;
    }
    const [, cluster, namespace, serviceAccount] = match;
    const entryProblems = [
      ...(cluster === ALL_CLUSTERS
        ? []
        : validateClusterName(cluster, `${field} cluster`)),
      ...validateNamespace(namespace, `${field} namespace`),
      ...validateServiceAccountName(serviceAccount, `${field} service account`),
    ];
    if (entryProblems.length > 0) {
      problems.push(...entryProblems);
      continue;
    }
    const key = `${cluster}:${namespace}/${serviceAccount}`;
    if (!seen.has(key)) {
      seen.add(key);
      refs.push({ cluster, namespace, serviceAccount });
    }
  }
  return { refs, problems };
}

/** `cluster:namespace/serviceAccount`, the id findings use for service accounts. */
export function formatServiceAccountRef(ref: ServiceAccountRef): string {
  return `${ref.cluster}:${ref.namespace}/${ref.serviceAccount}`;
}
