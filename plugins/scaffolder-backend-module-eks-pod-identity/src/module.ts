import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
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
      },
      async init({ scaffolder, config, catalog, permissions, events, logger }) {
        scaffolder.addActions(
          ...createEksPodIdentityActions(
            actionDepsFromConfig(config, {
              catalog,
              permissions,
              events,
              logger,
            }),
            { agentInstall: { events } },
          ),
        );
      },
    });
  },
});
