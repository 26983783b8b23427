import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  ApiBlueprint,
  coreExtensionData,
  translationApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import plugin from './alpha';
import { EksPodIdentityClient, eksPodIdentityApiRef } from './api';
import { FakeEksPodIdentityApi } from './__testUtils__/FakeEksPodIdentityApi';
import {
  cluster,
  entityAccess,
  ordersApiEntity,
  unmappedEntity,
} from './__testUtils__/fixtures';

jest.setTimeout(30_000);

const kubernetesIdEntity = {
  ...unmappedEntity,
  metadata: {
    ...unmappedEntity.metadata,
    annotations: { 'backstage.io/kubernetes-id': 'website' },
  },
};

describe('the new-frontend-system plugin', () => {
  it('is the eks-pod-identity plugin', () => {
    expect(plugin.pluginId).toBe('eks-pod-identity');
  });

  it('adds an "AWS access" tab at aws-access for every component and for other entities that map to service accounts', async () => {
    const tester = createExtensionTester(
      plugin.getExtension('entity-content:eks-pod-identity'),
      { apis: [[translationApiRef, mockApis.translation()]] },
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('aws-access');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'AWS access',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(ordersApiEntity)).toBe(true);
    expect(filter(kubernetesIdEntity)).toBe(true);
    // A component with no mapping yet gets the tab, to request its first access.
    expect(filter(unmappedEntity)).toBe(true);
    expect(filter({ ...unmappedEntity, kind: 'API' })).toBe(false);
    expect(filter({ ...kubernetesIdEntity, kind: 'Resource' })).toBe(true);

    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () => entityAccess(),
    });
    renderInTestApp(
      <EntityProvider entity={ordersApiEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [[eksPodIdentityApiRef, api]],
      },
    );
    expect(
      await screen.findByText('team-orders/orders-api'),
    ).toBeInTheDocument();
  });

  it('opens the template configured as requestAccessTemplate from "Request access"', async () => {
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () =>
        entityAccess({ entityRef: 'component:default/website', items: [] }),
    });
    const render = (config?: { requestAccessTemplate: string }) =>
      renderInTestApp(
        <EntityProvider entity={unmappedEntity}>
          {createExtensionTester(
            plugin.getExtension('entity-content:eks-pod-identity'),
            {
              ...(config ? { config } : {}),
              apis: [[translationApiRef, mockApis.translation()]],
            },
          ).reactElement()}
        </EntityProvider>,
        { apis: [[eksPodIdentityApiRef, api]] },
      );
    const hrefPath = async () =>
      (await screen.findByText('Request access'))
        .closest('a')!
        .getAttribute('href')!
        .split('?')[0];

    const configured = render({
      requestAccessTemplate: 'template:platform/aws-access-request',
    });
    expect(await hrefPath()).toBe(
      '/create/templates/platform/aws-access-request',
    );
    configured.unmount();

    render();
    expect(await hrefPath()).toBe(
      '/create/templates/default/eks-pod-identity-grant-access',
    );
  });

  it('refuses a requestAccessTemplate that is not a template ref', () => {
    expect(() =>
      createExtensionTester(
        plugin.getExtension('entity-content:eks-pod-identity'),
        {
          config: { requestAccessTemplate: 'https://example.com/form' },
          apis: [[translationApiRef, mockApis.translation()]],
        },
      ).reactElement(),
    ).toThrow(/must be a template entity ref/);
  });

  it('adds an overview card with the same filter', async () => {
    const tester = createExtensionTester(
      plugin.getExtension('entity-card:eks-pod-identity'),
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(ordersApiEntity)).toBe(true);
    expect(filter(unmappedEntity)).toBe(false);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');

    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () => entityAccess(),
    });
    renderInTestApp(
      <EntityProvider entity={ordersApiEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [[eksPodIdentityApiRef, api]],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(await screen.findByText('AWS access')).toBeInTheDocument();
    expect(await screen.findByText('Roles')).toBeInTheDocument();
  });

  it('adds the governance page at /eks-pod-identity with a title and icon for the sidebar', async () => {
    const tester = createExtensionTester(
      plugin.getExtension('page:eks-pod-identity'),
      { apis: [[translationApiRef, mockApis.translation()]] },
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/eks-pod-identity');
    expect(tester.get(coreExtensionData.title)).toBe('Pod Identity');
    expect(tester.get(coreExtensionData.icon)).toBeTruthy();

    const api = new FakeEksPodIdentityApi({
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
    renderInTestApp(tester.reactElement(), {
      apis: [
        [eksPodIdentityApiRef, api],
        [
          permissionApiRef,
          // Inventory read only: the page shows, the rescan buttons do not.
          mockApis.permission({
            authorize: request =>
              request.permission.name === 'eks-pod-identity.inventory.read'
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          }),
        ],
      ],
    });
    expect(
      await screen.findByText('Production (prod-use1)'),
    ).toBeInTheDocument();
  });

  it('provides the API client through discovery and fetch', () => {
    const tester = createExtensionTester(
      plugin.getExtension('api:eks-pod-identity'),
    );
    const factory = tester.get(ApiBlueprint.dataRefs.factory);
    expect(factory.api).toBe(eksPodIdentityApiRef);
    const client = factory.factory({
      discoveryApi: mockApis.discovery(),
      fetchApi: { fetch: jest.fn() },
    });
    expect(client).toBeInstanceOf(EksPodIdentityClient);
  });

  it('adds the EksClusterPicker form field for templates', async () => {
    const tester = createExtensionTester(
      plugin.getExtension(
        'scaffolder-form-field:eks-pod-identity/eks-cluster-picker',
      ),
    );
    const field = await tester.get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    )();
    expect(field).toMatchObject({ name: 'EksClusterPicker' });
  });
});
