import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
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
      },
      async init({ scaffolder, config }) {
        scaffolder.addActions(
          ...createEksPodIdentityActions(actionDepsFromConfig(config)),
        );
      },
    });
  },
});
