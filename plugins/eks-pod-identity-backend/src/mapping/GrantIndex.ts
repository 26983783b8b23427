import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ENTITY_REF_TAG_KEY,
  formatServiceAccountRef,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { InventorySnapshot } from '../snapshot/types';

/** A service account, the way mappings name it. */
export interface ServiceAccountKey {
  cluster: string;
  namespace: string;
  serviceAccount: string;
}

/** Lower-cased, as the catalog compares entity refs. */
export const normalizeEntityRef = (ref: string) =>
  ref.toLocaleLowerCase('en-US');

/** The entity a grant tag names, as a full entity ref; undefined when absent or malformed. */
function grantedEntityRef(
  tags: Record<string, string> | undefined,
): string | undefined {
  const value = tags?.[ENTITY_REF_TAG_KEY];
  if (!value) return undefined;
  try {
    return stringifyEntityRef(parseEntityRef(value));
  } catch {
    return undefined;
  }
}

/**
 * The grants of a snapshot: associations tagged `backstage.io/entity-ref`,
 * or whose role is. Only the scaffolder actions write that tag (it is
 * reserved), from an entity ref the scaffolder verified, so it both maps the
 * service account to the entity and corroborates the entity's claim.
 */
export class GrantIndex {
  /** Every (entity, service account) grant, once each. */
  readonly grants: Array<{ entityRef: string; sa: ServiceAccountKey }> = [];
  private readonly bySa = new Map<string, string[]>();
  private readonly byEntity = new Map<string, ServiceAccountKey[]>();

  constructor(snapshot: Pick<InventorySnapshot, 'clusters' | 'accounts'>) {
    const roleGrants = new Map<string, string>();
    for (const account of snapshot.accounts) {
      for (const role of account.roles) {
        const entityRef = grantedEntityRef(role.tags);
        if (entityRef) roleGrants.set(role.arn, entityRef);
      }
    }
    for (const cluster of snapshot.clusters) {
      for (const a of cluster.associations) {
        const sa = {
          cluster: cluster.name,
          namespace: a.namespace,
          serviceAccount: a.serviceAccount,
        };
        const refs = [
          grantedEntityRef(a.tags),
          roleGrants.get(a.roleArn),
        ].filter((r): r is string => Boolean(r));
        for (const entityRef of new Set(refs)) this.add(entityRef, sa);
      }
    }
  }

  private add(entityRef: string, sa: ServiceAccountKey) {
    const key = formatServiceAccountRef(sa);
    const onSa = this.bySa.get(key) ?? [];
    if (onSa.includes(entityRef)) return;
    onSa.push(entityRef);
    this.bySa.set(key, onSa);
    this.grants.push({ entityRef, sa });
    const normalized = normalizeEntityRef(entityRef);
    const ofEntity = this.byEntity.get(normalized) ?? [];
    ofEntity.push(sa);
    this.byEntity.set(normalized, ofEntity);
  }

  /** Entities the service account's association (or its role) is granted to. */
  grantsOn(sa: ServiceAccountKey): string[] {
    return this.bySa.get(formatServiceAccountRef(sa)) ?? [];
  }

  /** Service accounts whose association (or its role) is granted to the entity. */
  grantsTo(entityRef: string): ServiceAccountKey[] {
    return this.byEntity.get(normalizeEntityRef(entityRef)) ?? [];
  }
}
