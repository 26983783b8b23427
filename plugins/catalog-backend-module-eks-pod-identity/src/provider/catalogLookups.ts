import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_CLUSTER_ARN,
  FOREIGN_CLUSTER_ARN_ANNOTATIONS,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { PROVIDER_LOCATION } from './buildEntities';

const lower = (value: string) => value.toLocaleLowerCase('en-US');

function ownerRefOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || owner.length === 0) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * `spec.owner` of each entity that is still in the catalog, keyed by its
 * lower-cased ref (entity refs compare case-insensitively).
 */
export async function readEntityOwners(
  catalog: CatalogService,
  entityRefs: string[],
  credentials: BackstageCredentials,
): Promise<Map<string, string | undefined>> {
  const owners = new Map<string, string | undefined>();
  if (entityRefs.length === 0) return owners;
  const { items } = await catalog.getEntitiesByRefs(
    {
      entityRefs,
      fields: ['kind', 'metadata.namespace', 'metadata.name', 'spec.owner'],
    },
    { credentials },
  );
  for (const entity of items) {
    if (entity)
      owners.set(lower(stringifyEntityRef(entity)), ownerRefOf(entity));
  }
  return owners;
}

const CLUSTER_ARN_ANNOTATIONS = [
  ANNOTATION_CLUSTER_ARN,
  ...FOREIGN_CLUSTER_ARN_ANNOTATIONS,
];

/**
 * Cluster ARN → ref of an entity that already stands for the cluster: one
 * written by hand or by another provider, carrying a cluster ARN annotation.
 * This provider's own cluster entities do not count.
 */
export async function findExistingClusterEntities(
  catalog: CatalogService,
  clusterArns: string[],
  credentials: BackstageCredentials,
): Promise<Map<string, string>> {
  const existing = new Map<string, string>();
  if (clusterArns.length === 0) return existing;
  const { items } = await catalog.getEntities(
    {
      filter: CLUSTER_ARN_ANNOTATIONS.map(key => ({
        kind: 'resource',
        [`metadata.annotations.${key}`]: clusterArns,
      })),
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.annotations',
      ],
    },
    { credentials },
  );
  const arnByLowerCase = new Map(clusterArns.map(arn => [lower(arn), arn]));
  for (const entity of items) {
    const annotations = entity.metadata.annotations ?? {};
    if (annotations[ANNOTATION_ORIGIN_LOCATION] === PROVIDER_LOCATION) continue;
    for (const key of CLUSTER_ARN_ANNOTATIONS) {
      const arn =
        annotations[key] && arnByLowerCase.get(lower(annotations[key]));
      if (arn && !existing.has(arn))
        existing.set(arn, stringifyEntityRef(entity));
    }
  }
  return existing;
}
