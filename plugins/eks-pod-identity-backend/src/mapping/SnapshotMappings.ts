import {
  ANNOTATION_KUBERNETES_ID,
  formatServiceAccountRef,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { ContestedClaim } from '@pod-identity/plugin-eks-pod-identity-node';
import type {
  EntityServiceAccountMapping,
  InventorySnapshot,
} from '../snapshot/types';
import {
  GrantIndex,
  normalizeEntityRef,
  type ServiceAccountKey,
} from './GrantIndex';

/**
 * The mapping of the whole catalog as the snapshot holds it, with the same
 * rules as one entity's: the claims stored at the last scan, kept when
 * corroborated or when no other entity's claim is; and the grants, read from
 * the tags of the current inventory so they are as fresh as it is.
 */
export class SnapshotMappings {
  /** What owners, relations and UNOWNED_ASSOCIATION go by. */
  readonly honoured: EntityServiceAccountMapping[] = [];
  readonly contested: ContestedClaim[] = [];
  private readonly corroborated = new Map<string, Set<string>>();
  private readonly declarers: Map<string, Set<string>>;

  constructor(
    snapshot: Pick<
      InventorySnapshot,
      'clusters' | 'accounts' | 'entityMappings'
    >,
    readonly grants: GrantIndex = new GrantIndex(snapshot),
  ) {
    // Grant rows were stored for their owner only; the tags say what is granted now.
    const claims = snapshot.entityMappings.filter(m => m.source !== 'grant');
    const ownerOf = new Map<string, string>();
    for (const m of snapshot.entityMappings) {
      if (m.ownerRef) ownerOf.set(normalizeEntityRef(m.entityRef), m.ownerRef);
    }
    // A kubernetes-id several entities declare backs none of them.
    const declarers = new Map<string, Set<string>>();
    for (const m of claims) {
      if (!m.kubernetesId) continue;
      const set = declarers.get(m.kubernetesId) ?? new Set<string>();
      declarers.set(m.kubernetesId, set.add(m.entityRef));
    }
    this.declarers = declarers;
    const labelled = new Map<string, Set<string>>();
    for (const cluster of snapshot.clusters) {
      for (const w of cluster.workloads) {
        const id = w.labels[ANNOTATION_KUBERNETES_ID];
        if (id === undefined) continue;
        const key = formatServiceAccountRef({
          cluster: cluster.name,
          namespace: w.namespace,
          serviceAccount: w.serviceAccountName || 'default',
        });
        labelled.set(key, (labelled.get(key) ?? new Set()).add(id));
      }
    }
    const judged = claims.map(m => {
      const self = normalizeEntityRef(m.entityRef);
      const disputedBy =
        m.kubernetesId &&
        labelled.get(formatServiceAccountRef(m))?.has(m.kubernetesId)
          ? this.kubernetesIdDeclarers(m.kubernetesId).filter(
              r => normalizeEntityRef(r) !== self,
            )
          : [];
      const granted = grants
        .grantsOn(m)
        .some(r => normalizeEntityRef(r) === self);
      return {
        m,
        disputedBy,
        corroborated: granted || (m.corroborated && disputedBy.length === 0),
      };
    });

    for (const { entityRef, sa } of grants.grants) {
      this.addCorroborated(sa, entityRef);
    }
    for (const j of judged) {
      if (j.corroborated) this.addCorroborated(j.m, j.m.entityRef);
    }

    const seen = new Set<string>();
    const keep = (m: EntityServiceAccountMapping) => {
      const key = `${normalizeEntityRef(m.entityRef)} ${formatServiceAccountRef(
        m,
      )}`;
      if (seen.has(key)) return;
      seen.add(key);
      this.honoured.push(m);
    };
    for (const { m, disputedBy, corroborated } of judged) {
      const others = corroborated
        ? []
        : [
            ...new Set([...this.othersThan(m, m.entityRef), ...disputedBy]),
          ].sort();
      if (others.length === 0) {
        keep(m);
        continue;
      }
      this.contested.push({
        cluster: m.cluster,
        namespace: m.namespace,
        serviceAccount: m.serviceAccount,
        entityRef: m.entityRef,
        corroboratedBy: others,
      });
    }
    for (const { entityRef, sa } of grants.grants) {
      const ownerRef = ownerOf.get(normalizeEntityRef(entityRef));
      keep({
        entityRef,
        ...(ownerRef ? { ownerRef } : {}),
        source: 'grant',
        ...sa,
        corroborated: true,
      });
    }
  }

  private addCorroborated(sa: ServiceAccountKey, entityRef: string) {
    const key = formatServiceAccountRef(sa);
    this.corroborated.set(
      key,
      (this.corroborated.get(key) ?? new Set()).add(entityRef),
    );
  }

  /** Entities whose `backstage.io/kubernetes-id` is `id`, as of the last scan. */
  kubernetesIdDeclarers(id: string): string[] {
    return [...(this.declarers.get(id) ?? [])];
  }

  /** Entities holding a corroborated claim on the service account. */
  corroboratedClaimants(sa: ServiceAccountKey): string[] {
    return [...(this.corroborated.get(formatServiceAccountRef(sa)) ?? [])];
  }

  private othersThan(sa: ServiceAccountKey, entityRef: string): string[] {
    const self = normalizeEntityRef(entityRef);
    return this.corroboratedClaimants(sa)
      .filter(r => normalizeEntityRef(r) !== self)
      .sort();
  }
}
