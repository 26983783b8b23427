import { formatServiceAccountRef } from '@pod-identity/plugin-eks-pod-identity-common';
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
    for (const { entityRef, sa } of grants.grants) {
      this.addCorroborated(sa, entityRef);
    }
    for (const m of claims)
      if (m.corroborated) this.addCorroborated(m, m.entityRef);

    const seen = new Set<string>();
    const keep = (m: EntityServiceAccountMapping) => {
      const key = `${normalizeEntityRef(m.entityRef)} ${formatServiceAccountRef(
        m,
      )}`;
      if (seen.has(key)) return;
      seen.add(key);
      this.honoured.push(m);
    };
    for (const m of claims) {
      const others = m.corroborated ? [] : this.othersThan(m, m.entityRef);
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
