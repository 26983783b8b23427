import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  FormFieldBlueprint,
  createFormField,
} from '@backstage/plugin-scaffolder-react/alpha';
import { z } from 'zod';
import { EksPodIdentityIcon } from './components/EksPodIdentityIcon';
import { EKS_CLUSTER_PICKER_NAME } from './components/EksClusterPicker/name';
import { EksPodIdentityClient, eksPodIdentityApiRef } from './api';
import { rootRouteRef, templateRouteRef } from './routes';
import { eksPodIdentityInventoryReadPermission } from '@pod-identity/plugin-eks-pod-identity-common';
import { DEFAULT_REQUEST_ACCESS_TEMPLATE } from './utils/grantAccessLink';
import {
  isAwsAccessTabAvailable,
  isEksPodIdentityAvailable,
} from './utils/isEksPodIdentityAvailable';

const eksPodIdentityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: eksPodIdentityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new EksPodIdentityClient(deps),
    }),
});

const awsAccessEntityContent = EntityContentBlueprint.makeWithOverrides({
  configSchema: {
    // Entity ref of the template "Request access" opens.
    requestAccessTemplate: z
      .string()
      .regex(
        /^(template:)?([\w.-]+\/)?[\w.-]+$/i,
        'must be a template entity ref such as template:default/eks-pod-identity-grant-access',
      )
      .default(DEFAULT_REQUEST_ACCESS_TEMPLATE),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      path: 'aws-access',
      // A plain string: frontend-plugin-api 0.18 (Backstage 1.55, the oldest
      // release the range accepts) takes no translated title here. Apps rename
      // it with the extension's `title` config.
      title: 'AWS access',
      filter: isAwsAccessTabAvailable,
      loader: () =>
        import('./components/EntityAccessContent/EntityAccessContent').then(
          m => (
            <m.EntityAccessContent
              requestAccessTemplate={config.requestAccessTemplate}
            />
          ),
        ),
    });
  },
});

const awsAccessEntityCard = EntityCardBlueprint.make({
  params: {
    // Beside "About": a four-line summary that belongs above the fold.
    type: 'info',
    filter: isEksPodIdentityAvailable,
    loader: () =>
      import('./components/EntityAccessCard/EntityAccessCard').then(m => (
        <m.EntityAccessCard />
      )),
  },
});

/** Holders of `eks-pod-identity.inventory.read`, as the frontend's extension predicates write it. */
const canReadInventory = {
  permissions: { $contains: eksPodIdentityInventoryReadPermission.name },
};

// The page and its nav item exist only for holders of the permission...
const governancePage = PageBlueprint.make({
  if: canReadInventory,
  params: {
    path: '/eks-pod-identity',
    // Short enough for the sidebar, which cuts "EKS Pod Identity" off; a plain
    // string for frontend-plugin-api 0.18, as the tab's title above.
    title: 'Pod Identity',
    icon: <EksPodIdentityIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/GovernancePage/GovernancePage').then(m => (
        <m.GovernancePage />
      )),
  },
});

// ...everyone else who follows a link there is told what they need. Without
// a route ref it makes no nav item.
const governancePermissionPage = PageBlueprint.make({
  name: 'permission-required',
  if: { $not: canReadInventory },
  params: {
    path: '/eks-pod-identity',
    title: 'Pod Identity',
    loader: () =>
      import('./components/GovernancePage/InventoryPermissionPanel').then(m => (
        <m.InventoryPermissionPanel />
      )),
  },
});

const eksClusterPickerField = FormFieldBlueprint.make({
  name: 'eks-cluster-picker',
  params: {
    field: () =>
      import('./components/EksClusterPicker/EksClusterPicker').then(m =>
        // The JSON schema of the legacy extension is for docs only; the form validates the string itself.
        createFormField({
          name: EKS_CLUSTER_PICKER_NAME,
          component: m.EksClusterPicker,
        }),
      ),
  },
});

/**
 * The plugin for the new frontend system: the "AWS access" entity tab and
 * overview card, the governance page, and the `EksClusterPicker` form field.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'eks-pod-identity',
  title: 'EKS Pod Identity',
  icon: <EksPodIdentityIcon />,
  routes: { root: rootRouteRef },
  externalRoutes: { template: templateRouteRef },
  extensions: [
    eksPodIdentityApi,
    awsAccessEntityContent,
    awsAccessEntityCard,
    governancePage,
    governancePermissionPage,
    eksClusterPickerField,
  ],
});
