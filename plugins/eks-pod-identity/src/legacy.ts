import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { EksPodIdentityClient, eksPodIdentityApiRef } from './api';
import { eksClusterPickerOptions } from './components/EksClusterPicker/extension';
import { rootRouteRef, templateRouteRef } from './routes';

/**
 * The plugin for apps on the legacy frontend system. New-system apps use the
 * default export of `@pod-identity/plugin-eks-pod-identity/alpha` instead.
 *
 * @public
 */
export const eksPodIdentityPlugin = createPlugin({
  id: 'eks-pod-identity',
  apis: [
    createApiFactory({
      api: eksPodIdentityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new EksPodIdentityClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
  externalRoutes: { template: templateRouteRef },
});

/** The governance page, with its own header. @public */
export const EksPodIdentityPage = eksPodIdentityPlugin.provide(
  createRoutableExtension({
    name: 'EksPodIdentityPage',
    component: () =>
      import('./components/GovernancePage/StandaloneGovernancePage').then(
        m => m.StandaloneGovernancePage,
      ),
    mountPoint: rootRouteRef,
  }),
);

/** The "AWS access" entity tab. @public */
export const EntityEksPodIdentityContent = eksPodIdentityPlugin.provide(
  createComponentExtension({
    name: 'EntityEksPodIdentityContent',
    component: {
      lazy: () =>
        import('./components/EntityAccessContent/EntityAccessContent').then(
          m => m.EntityAccessContent,
        ),
    },
  }),
);

/** The entity overview card. @public */
export const EntityEksPodIdentityCard = eksPodIdentityPlugin.provide(
  createComponentExtension({
    name: 'EntityEksPodIdentityCard',
    component: {
      lazy: () =>
        import('./components/EntityAccessCard/EntityAccessCard').then(
          m => m.EntityAccessCard,
        ),
    },
  }),
);

/** Scaffolder form field `EksClusterPicker`. @public */
export const EksClusterPickerFieldExtension = eksPodIdentityPlugin.provide(
  createScaffolderFieldExtension(eksClusterPickerOptions),
);
