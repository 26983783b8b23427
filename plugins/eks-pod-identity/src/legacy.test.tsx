import { screen } from '@testing-library/react';
import { getComponentData } from '@backstage/core-plugin-api';
import { Route, Routes } from 'react-router-dom';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EksClusterPickerFieldExtension,
  EksPodIdentityPage,
  EntityEksPodIdentityCard,
  EntityEksPodIdentityContent,
  eksPodIdentityApiRef,
  eksPodIdentityPlugin,
  isAwsAccessTabAvailable,
  isEksPodIdentityAvailable,
} from './index';
import { rootRouteRef } from './routes';
import { FakeEksPodIdentityApi } from './__testUtils__/FakeEksPodIdentityApi';
import {
  cluster,
  entityAccess,
  ordersApiEntity,
  unmappedEntity,
} from './__testUtils__/fixtures';

jest.setTimeout(30_000);

const api = () =>
  new FakeEksPodIdentityApi({
    getEntityAccess: async () => entityAccess(),
    getClusters: async () => ({
      items: [cluster('prod-use1', { title: 'Production' })],
    }),
    getFindings: async () => ({
      items: [],
      totalCount: 0,
      summary: {
        bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
        byCode: {},
      },
    }),
    getAssociations: async () => ({ items: [], totalCount: 0 }),
    getOwnersReport: async () => undefined,
  });

function renderLegacy(element: JSX.Element) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [eksPodIdentityApiRef, api()],
        [
          permissionApiRef,
          // Inventory read only: the governance page shows, rescans do not.
          mockApis.permission({
            authorize: request =>
              request.permission.name === 'eks-pod-identity.inventory.read'
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          }),
        ],
      ]}
    >
      <EntityProvider entity={ordersApiEntity}>{element}</EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

describe('legacy frontend system exports', () => {
  it('declares the plugin with its routes', () => {
    expect(eksPodIdentityPlugin.getId()).toBe('eks-pod-identity');
    expect(eksPodIdentityPlugin.routes.root).toBe(rootRouteRef);
  });

  it('renders the entity tab', async () => {
    await renderLegacy(<EntityEksPodIdentityContent />);
    expect(
      await screen.findByText('team-orders/orders-api'),
    ).toBeInTheDocument();
  });

  it('opens the template given as requestAccessTemplate from "Request access"', async () => {
    await renderLegacy(
      <EntityEksPodIdentityContent requestAccessTemplate="template:platform/aws-access-request" />,
    );
    const link = (await screen.findByText('Request access')).closest('a')!;
    expect(link.getAttribute('href')!.split('?')[0]).toBe(
      '/create/templates/platform/aws-access-request',
    );
  });

  it('renders the overview card', async () => {
    await renderLegacy(<EntityEksPodIdentityCard />);
    expect(await screen.findByText('Roles')).toBeInTheDocument();
  });

  it('renders the governance page with its own header', async () => {
    // A routable extension needs the path the app mounts it at.
    await renderLegacy(
      <Routes>
        <Route path="/*" element={<EksPodIdentityPage />} />
      </Routes>,
    );
    expect(
      await screen.findByText('Production (prod-use1)'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('EKS Pod Identity').length).toBeGreaterThan(0);
  });

  it('exports the entity filter and the scaffolder field extension named EksClusterPicker', () => {
    expect(isEksPodIdentityAvailable(ordersApiEntity)).toBe(true);
    expect(isAwsAccessTabAvailable(unmappedEntity)).toBe(true);
    const field = getComponentData<{ name: string }>(
      <EksClusterPickerFieldExtension />,
      'scaffolder.extensions.field.v1',
    );
    expect(field?.name).toBe('EksClusterPicker');
  });
});
