import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_SERVICE_ACCOUNTS,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { EntityServiceAccountMapping } from '../snapshot/types';
import { normalizeEntityRef } from './GrantIndex';
import {
  MappingDirectory,
  resolveEntityServiceAccounts,
} from './resolveEntityServiceAccounts';

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

const FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.annotations',
  'spec.owner',
];

/**
 * Which catalog entities claim which service accounts, and whether each
 * claim is corroborated, for the `owners` of associations, the governance
 * reports and MAPPING_CONTESTED. Read with the plugin's own credentials, so
 * it covers the whole catalog; entities that only hold grants are read too,
 * for their owners.
 */
export async function buildEntityMappings(options: {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  directory: MappingDirectory & { grantedEntityRefs(): string[] };
}): Promise<EntityServiceAccountMapping[]> {
  const { catalog, auth, logger, directory } = options;
  const credentials = await auth.getOwnServiceCredentials();
  const { items: annotated } = await catalog.getEntities(
    {
      filter: [
        ANNOTATION_SERVICE_ACCOUNTS,
        ANNOTATION_KUBERNETES_ID,
        ANNOTATION_KUBERNETES_LABEL_SELECTOR,
      ].map(a => ({ [`metadata.annotations.${a}`]: CATALOG_FILTER_EXISTS })),
      fields: FIELDS,
    },
    { credentials },
  );
  const seen = new Set(
    annotated.map(e => normalizeEntityRef(stringifyEntityRef(e))),
  );
  const grantOnly = directory
    .grantedEntityRefs()
    .filter(ref => !seen.has(normalizeEntityRef(ref)));
  const { items: granted } =
    grantOnly.length > 0
      ? await catalog.getEntitiesByRefs(
          { entityRefs: grantOnly, fields: FIELDS },
          { credentials },
        )
      : { items: [] };
  const items = [
    ...annotated,
    ...granted.filter((e): e is Entity => Boolean(e)),
  ];

  // Who declares which kubernetes-id, from the catalog as it is now rather
  // than from the previous scan's mappings.
  const declarers = new Map<string, string[]>();
  for (const entity of items) {
    const id = entity.metadata.annotations?.[ANNOTATION_KUBERNETES_ID];
    if (id) {
      declarers.set(id, [
        ...(declarers.get(id) ?? []),
        stringifyEntityRef(entity),
      ]);
    }
  }
  const current: MappingDirectory = {
    clusterNames: () => directory.clusterNames(),
    workloadsWithKubernetesId: id => directory.workloadsWithKubernetesId(id),
    allWorkloads: () => directory.allWorkloads(),
    grantsOn: sa => directory.grantsOn(sa),
    grantsTo: ref => directory.grantsTo(ref),
    corroboratedClaimants: sa => directory.corroboratedClaimants(sa),
    kubernetesIdDeclarers: id => declarers.get(id) ?? [],
  };

  const mappings: EntityServiceAccountMapping[] = [];
  for (const entity of items) {
    const entityRef = stringifyEntityRef(entity);
    try {
      const { serviceAccounts } = resolveEntityServiceAccounts(entity, current);
      const ownerRef = ownerRefOf(entity);
      const kubernetesId =
        entity.metadata.annotations?.[ANNOTATION_KUBERNETES_ID];
      for (const sa of serviceAccounts) {
        mappings.push({
          entityRef,
          ...(ownerRef ? { ownerRef } : {}),
          source: sa.source,
          cluster: sa.cluster,
          namespace: sa.namespace,
          serviceAccount: sa.serviceAccount,
          corroborated: sa.corroborated,
          ...(kubernetesId ? { kubernetesId } : {}),
        });
      }
    } catch (error) {
      // A malformed annotation on one entity must not hide every other owner.
      logger.warn(
        `Skipping ${entityRef} in the service account mapping: ${error}`,
      );
    }
  }
  return mappings;
}
