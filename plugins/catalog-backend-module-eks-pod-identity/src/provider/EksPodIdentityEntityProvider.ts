import type {
  AuthService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import type {
  CatalogService,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  CLUSTER_RESOURCE_TYPE,
  clusterArnOf,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { InventoryReader } from '../client/InventoryClient';
import { buildEntities } from './buildEntities';
import {
  findExistingClusterEntities,
  readEntityOwners,
} from './catalogLookups';

export const PROVIDER_NAME = 'eks-pod-identity';

export interface EksPodIdentityEntityProviderOptions {
  inventory: InventoryReader;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  taskRunner: SchedulerServiceTaskRunner;
  platformOwner: string;
}

/**
 * IAM roles used by Pod Identity associations, and the clusters, as Resource
 * entities. Each run replaces the whole set (full mutation), so roles that
 * are no longer used disappear.
 */
export class EksPodIdentityEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(private readonly options: EksPodIdentityEntityProviderOptions) {}

  getProviderName(): string {
    return PROVIDER_NAME;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner.run({
      id: `${PROVIDER_NAME}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /** One sync. Throws (leaving the previous entities in place) when the inventory cannot be read. */
  async refresh(): Promise<void> {
    if (!this.connection) {
      throw new Error(
        `${PROVIDER_NAME} entity provider is not connected to the catalog yet`,
      );
    }
    const { inventory, catalog, auth, logger, platformOwner } = this.options;
    const { clusters, associations } = await inventory.read();
    const credentials = await auth.getOwnServiceCredentials();
    const [ownerOfEntity, existingClusters] = await Promise.all([
      readEntityOwners(
        catalog,
        [...new Set(associations.flatMap(a => a.mappedEntityRefs))],
        credentials,
      ),
      findExistingClusterEntities(
        catalog,
        clusters.map(c => clusterArnOf(c)),
        credentials,
      ),
    ]);
    const entities = buildEntities({
      clusters,
      associations,
      ownerOfEntity,
      existingClusters,
      platformOwner,
    });
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: PROVIDER_NAME,
      })),
    });
    const clusterCount = entities.filter(
      e => e.spec?.type === CLUSTER_RESOURCE_TYPE,
    ).length;
    logger.info(
      `Synced ${
        entities.length - clusterCount
      } IAM role and ${clusterCount} cluster entities ` +
        `(${existingClusters.size} clusters already in the catalog)`,
    );
  }
}
