import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
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
import { normalizeEntityRef, type ServiceAccountKey } from './GrantIndex';
import { assertNarrowSelector, parseLabelSelector } from './labelSelector';

export interface EntityServiceAccount extends ServiceAccountKey {
  source: ServiceAccountSource;
  /** A grant tag names the entity, or a workload of the service account carries its kubernetes-id. */
  corroborated: boolean;
  /** Entities with corroborated claims on a service account this entity's claim is not corroborated on. */
  contestedBy?: string[];
}

export interface EntityServiceAccounts {
  serviceAccounts: EntityServiceAccount[];
  /** Clusters the answer draws on (where the entity's service accounts were looked for). */
  clusters: string[];
}

/** What the mapping needs from the inventory. */
export interface MappingDirectory {
  clusterNames(): string[];
  workloadsWithKubernetesId(id: string): ClusterWorkload[];
  allWorkloads(): ClusterWorkload[];
  /** Entities the service account's association (or its role) is granted to. */
  grantsOn(sa: ServiceAccountKey): string[];
  /** Service accounts whose association (or its role) is granted to the entity. */
  grantsTo(entityRef: string): ServiceAccountKey[];
  /** Entities holding a corroborated claim on the service account (grants included). */
  corroboratedClaimants(sa: ServiceAccountKey): string[];
  /** Entities whose `backstage.io/kubernetes-id` is `id`, as of the last scan. */
  kubernetesIdDeclarers(id: string): string[];
}

type Claim = ServiceAccountKey & { source: ServiceAccountSource };

const saKeyOf = (sa: ServiceAccountKey) =>
  `${sa.cluster}:${sa.namespace}/${sa.serviceAccount}`;

function fromAnnotation(value: string, directory: MappingDirectory): Claim[] {
  const { refs, problems } = parseServiceAccountsAnnotation(value);
  if (refs.length === 0 && problems.length > 0) {
    throw new InputError(problems.map(p => p.message).join(' '));
  }
  const known = directory.clusterNames();
  return refs.flatMap(ref =>
    (ref.cluster === ALL_CLUSTERS ? known : [ref.cluster]).map(cluster => ({
      cluster,
      namespace: ref.namespace,
      serviceAccount: ref.serviceAccount,
      source: 'annotation' as const,
    })),
  );
}

function fromWorkloads(
  annotations: Record<string, string>,
  directory: MappingDirectory,
): Claim[] {
  const id = annotations[ANNOTATION_KUBERNETES_ID];
  const namespace = annotations[ANNOTATION_KUBERNETES_NAMESPACE];
  const selector = annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR];
  // As in Backstage's Kubernetes plugin, a label selector replaces the id label.
  let candidates = directory.workloadsWithKubernetesId(id);
  if (selector) {
    const field = `metadata.annotations["${ANNOTATION_KUBERNETES_LABEL_SELECTOR}"]`;
    assertNarrowSelector(selector, field);
    const matches = parseLabelSelector(selector, field);
    const all = directory.allWorkloads();
    candidates = all.filter(w => matches(w.workload.labels));
    // A selector naming labels every workload happens to carry claims the
    // whole estate as surely as a negative one does.
    const namespaces = new Set(
      all.map(w => `${w.cluster}:${w.workload.namespace}`),
    );
    if (candidates.length === all.length && namespaces.size > 1) {
      throw new InputError(
        `${field}: "${selector}" selects every workload of every scanned cluster; narrow it to this entity's workloads, e.g. app.kubernetes.io/name=<name>`,
      );
    }
  }
  return candidates
    .filter(w => !namespace || w.workload.namespace === namespace)
    .map(w => ({
      cluster: w.cluster,
      namespace: w.workload.namespace,
      serviceAccount: w.workload.serviceAccountName || 'default',
      source: 'kubernetes-id' as const,
    }));
}

/** The annotation when present, else the workloads; the first claim of a service account keeps its source. */
function claimsOf(entity: Entity, directory: MappingDirectory): Claim[] {
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
  return [];
}

/**
 * Whether a grant or the entity's kubernetes-id backs the claim. A
 * kubernetes-id other entities declare too backs none of them: the label
 * cannot tell whose the workload is, so those entities dispute the claim.
 */
function backing(
  claim: Claim,
  entityRef: string,
  kubernetesId: string | undefined,
  directory: MappingDirectory,
): { corroborated: boolean; disputedBy: string[] } {
  const self = normalizeEntityRef(entityRef);
  if (
    claim.source === 'grant' ||
    directory.grantsOn(claim).some(r => normalizeEntityRef(r) === self)
  ) {
    return { corroborated: true, disputedBy: [] };
  }
  const labelled =
    kubernetesId !== undefined &&
    directory
      .workloadsWithKubernetesId(kubernetesId)
      .some(
        w =>
          w.cluster === claim.cluster &&
          w.workload.namespace === claim.namespace &&
          (w.workload.serviceAccountName || 'default') === claim.serviceAccount,
      );
  if (!labelled || kubernetesId === undefined) {
    return { corroborated: false, disputedBy: [] };
  }
  const disputedBy = directory
    .kubernetesIdDeclarers(kubernetesId)
    .filter(r => normalizeEntityRef(r) !== self);
  return { corroborated: disputedBy.length === 0, disputedBy };
}

/**
 * The service accounts an entity maps to: those its service-accounts
 * annotation names, or else those of the workloads labelled with its
 * kubernetes-id (or matching its label selector, optionally in one
 * namespace); then those granted to it by tag. A claim through the
 * annotations is corroborated when a workload of the service account
 * carries the entity's kubernetes-id (declared by no other entity) or a
 * grant names the entity; an uncorroborated claim is contested when other
 * entities' claims are corroborated, or other entities declare the same
 * kubernetes-id.
 */
export function resolveEntityServiceAccounts(
  entity: Entity,
  directory: MappingDirectory,
): EntityServiceAccounts {
  const entityRef = stringifyEntityRef(entity);
  const kubernetesId = entity.metadata.annotations?.[ANNOTATION_KUBERNETES_ID];
  const claims = [
    ...claimsOf(entity, directory),
    ...directory
      .grantsTo(entityRef)
      .map(sa => ({ ...sa, source: 'grant' as const })),
  ];
  const self = normalizeEntityRef(entityRef);
  const byKey = new Map<string, EntityServiceAccount>();
  for (const claim of claims) {
    const key = saKeyOf(claim);
    if (byKey.has(key)) continue;
    const { corroborated, disputedBy } = backing(
      claim,
      entityRef,
      kubernetesId,
      directory,
    );
    const others = corroborated
      ? []
      : [
          ...new Set([
            ...directory
              .corroboratedClaimants(claim)
              .filter(r => normalizeEntityRef(r) !== self),
            ...disputedBy,
          ]),
        ];
    byKey.set(key, {
      cluster: claim.cluster,
      namespace: claim.namespace,
      serviceAccount: claim.serviceAccount,
      source: claim.source,
      corroborated,
      ...(others.length > 0 ? { contestedBy: others.sort() } : {}),
    });
  }
  const serviceAccounts = [...byKey.values()].sort(
    (a, b) =>
      a.cluster.localeCompare(b.cluster) ||
      a.namespace.localeCompare(b.namespace) ||
      a.serviceAccount.localeCompare(b.serviceAccount),
  );
  const annotations = entity.metadata.annotations ?? {};
  // Workload claims look in every cluster; the others only where they name.
  const everywhere =
    annotations[ANNOTATION_SERVICE_ACCOUNTS] === undefined &&
    Boolean(
      annotations[ANNOTATION_KUBERNETES_ID] ||
        annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR],
    );
  const used = new Set(serviceAccounts.map(sa => sa.cluster));
  return {
    serviceAccounts,
    clusters: directory.clusterNames().filter(c => everywhere || used.has(c)),
  };
}
