import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { InventoryClient } from './client/InventoryClient';
import {
  PROVIDER_CONFIG_KEY,
  readProviderConfig,
} from './config/readProviderConfig';
import { KnexNotifiedFindingStore } from './database/KnexNotifiedFindingStore';
import { FindingNotifier } from './notifications/FindingNotifier';
import {
  EksPodIdentityEntityProvider,
  PROVIDER_NAME,
} from './provider/EksPodIdentityEntityProvider';

export const NOTIFIER_TASK_ID = `${PROVIDER_NAME}:notify-findings`;

/**
 * Catalog module: IAM roles and clusters of the EKS Pod Identity inventory as
 * Resource entities, and notifications to owners about new critical and high
 * findings. Reads the eks-pod-identity backend over HTTP.
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
        database: coreServices.database,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { config, logger, scheduler, auth } = deps;
        const settings = readProviderConfig(config);
        if (!settings) {
          logger.info(
            `No ${PROVIDER_CONFIG_KEY} config: EKS Pod Identity entities and notifications are off`,
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

        if (settings.notifications.enabled) {
          const notifier = new FindingNotifier({
            inventory,
            store: await KnexNotifiedFindingStore.create(deps.database),
            notifications: deps.notifications,
            logger,
          });
          await scheduler.scheduleTask({
            id: NOTIFIER_TASK_ID,
            ...settings.schedule,
            fn: () => notifier.run(),
          });
        }
      },
    });
  },
});
