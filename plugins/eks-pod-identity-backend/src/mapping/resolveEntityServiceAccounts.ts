import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ALL_CLUSTERS,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_SERVICE_ACCOUNTS,
  parseServiceAccountsAnnotation,
  ServiceAccountSource,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { ClusterWorkload } from '../snapshot/SnapshotView';
import { parseLabelSelector } from './labelSelector';

export interface EntityServiceAccount {
  cluster: string;
  namespace: string;
  serviceAccount: string;
  source: ServiceAccountSource;
}

export interface EntityServiceAccounts {
  serviceAccounts: EntityServiceAccount[];
  /** Clusters the answer draws on (where the entity's service accounts were looked for). */
  clusters: string[];
}

/** What the mapping needs from the inventory. */
export interface WorkloadDirectory {
  clusterNames(): string[];
  workloadsWithKubernetesId(id: string): ClusterWorkload[];
  allWorkloads(): ClusterWorkload[];
}

function fromAnnotation(
  value: string,
  directory: WorkloadDirectory,
): EntityServiceAccounts {
  const { refs, problems } = parseServiceAccountsAnnotation(value);
  if (refs.length === 0 && problems.length > 0) {
    throw new InputError(problems.map(p => p.message).join(' '));
  }
  const known = directory.clusterNames();
  const serviceAccounts = refs.flatMap(ref =>
    (ref.cluster === ALL_CLUSTERS ? known : [ref.cluster]).map(cluster => ({
      cluster,
      namespace: ref.namespace,
      serviceAccount: ref.serviceAccount,
      source: 'annotation' as const,
    })),
  );
  const clusters = new Set(serviceAccounts.map(sa => sa.cluster));
  return {
    serviceAccounts: dedupe(serviceAccounts),
    clusters: known.filter(c => clusters.has(c)),
  };
}

function fromWorkloads(
  annotations: Record<string, string>,
  directory: WorkloadDirectory,
): EntityServiceAccounts {
  const id = annotations[ANNOTATION_KUBERNETES_ID];
  const namespace = annotations[ANNOTATION_KUBERNETES_NAMESPACE];
  const selector = annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR];
  // As in Backstage's Kubernetes plugin, a label selector replaces the id label.
  let candidates = directory.workloadsWithKubernetesId(id);
  if (selector) {
    const matches = parseLabelSelector(
      selector,
      `metadata.annotations["${ANNOTATION_KUBERNETES_LABEL_SELECTOR}"]`,
    );
    candidates = directory
      .allWorkloads()
      .filter(w => matches(w.workload.labels));
  }
  const serviceAccounts = candidates
    .filter(w => !namespace || w.workload.namespace === namespace)
    .map(w => ({
      cluster: w.cluster,
      namespace: w.workload.namespace,
      serviceAccount: w.workload.serviceAccountName || 'default',
      source: 'kubernetes-id' as const,
    }));
  return {
    serviceAccounts: dedupe(serviceAccounts),
    clusters: directory.clusterNames(),
  };
}

function dedupe(list: EntityServiceAccount[]): EntityServiceAccount[] {
  const seen = new Map<string, EntityServiceAccount>();
  for (const sa of list) {
    seen.set(`${sa.cluster}:${sa.namespace}/${sa.serviceAccount}`, sa);
  }
  return [...seen.values()].sort(
    (a, b) =>
      a.cluster.localeCompare(b.cluster) ||
      a.namespace.localeCompare(b.namespace) ||
      a.serviceAccount.localeCompare(b.serviceAccount),
  );
}

/**
 * DESIGN §4: the service-accounts annotation when present; otherwise the
 * workloads labelled with the entity's kubernetes-id (or matching its label
 * selector), optionally in one namespace, and their pods' service accounts.
 */
export function resolveEntityServiceAccounts(
  entity: Entity,
  directory: WorkloadDirectory,
): EntityServiceAccounts {
  const annotations = entity.metadata.annotations ?? {};
  if (annotations[ANNOTATION_SERVICE_ACCOUNTS] !== undefined) {
    return fromAnnotation(annotations[ANNOTATION_SERVICE_ACCOUNTS], directory);
  }
  if (
    annotations[ANNOTATION_KUBERNETES_ID] ||
    annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR]
  ) {
    return fromWorkloads(annotations, directory);
  }
  return { serviceAccounts: [], clusters: [] };
}
