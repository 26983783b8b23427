import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  EksPodIdentityConfig,
  readEksPodIdentityConfig,
} from '../config/readConfig';

/**
 * `eksPodIdentity` parsed and validated once per backend, for every plugin
 * and module of the suite: a config mistake fails startup once, with the key
 * and the fix.
 */
export const eksPodIdentityConfigServiceRef =
  createServiceRef<EksPodIdentityConfig>({
    id: 'eks-pod-identity.config',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { config: coreServices.rootConfig },
        factory: ({ config }) => readEksPodIdentityConfig(config),
      }),
  });
