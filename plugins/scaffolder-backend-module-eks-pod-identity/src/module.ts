import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
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
      },
      async init({ scaffolder, config, catalog, permissions }) {
        scaffolder.addActions(
          ...createEksPodIdentityActions(
            actionDepsFromConfig(config, { catalog, permissions }),
          ),
        );
      },
    });
  },
});
