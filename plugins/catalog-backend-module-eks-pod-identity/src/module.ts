import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { InventoryClient } from './client/InventoryClient';
import {
  PROVIDER_CONFIG_KEY,
  readProviderConfig,
} from './config/readProviderConfig';
import { EksPodIdentityEntityProvider } from './provider/EksPodIdentityEntityProvider';

/**
 * Catalog module: IAM roles and clusters of the EKS Pod Identity inventory as
 * Resource entities. Reads the eks-pod-identity backend over HTTP.
 */
export const catalogModuleEksPodIdentity = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'eks-pod-identity',
  register(env) {
    env.registerInit({
      deps: {
        catalogProcessing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler, auth } = deps;
        const settings = readProviderConfig(config);
        if (!settings) {
          logger.info(
            `No ${PROVIDER_CONFIG_KEY} config: EKS Pod Identity entities are off`,
          );
          return;
        }
        const inventory = new InventoryClient({
          discovery: deps.discovery,
          auth,
        });

        deps.catalogProcessing.addEntityProvider(
          new EksPodIdentityEntityProvider({
            inventory,
            catalog: deps.catalog,
            auth,
            logger,
            taskRunner: scheduler.createScheduledTaskRunner(settings.schedule),
            platformOwner: settings.platformOwner,
          }),
        );
      },
    });
  },
});
