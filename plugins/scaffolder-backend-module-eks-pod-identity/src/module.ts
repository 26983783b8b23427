import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  awsClientFactoryServiceRef,
  clusterDirectoryServiceRef,
  eksPodIdentityConfigServiceRef,
} from '@pod-identity/plugin-eks-pod-identity-node';
import { actionDepsFromConfig, createEksPodIdentityActions } from './actions';

/** Registers the `eks-pod-identity:*` scaffolder actions. */
export const scaffolderModuleEksPodIdentity = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'eks-pod-identity',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        permissions: coreServices.permissions,
        events: eventsServiceRef,
        logger: coreServices.logger,
        settings: eksPodIdentityConfigServiceRef,
        clients: awsClientFactoryServiceRef,
        clusters: clusterDirectoryServiceRef,
      },
      async init({ scaffolder, config, ...services }) {
        scaffolder.addActions(
          ...createEksPodIdentityActions(
            actionDepsFromConfig(config, services),
            { agentInstall: { events: services.events } },
          ),
        );
      },
    });
  },
});
