import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { eksPodIdentityApiRef } from '../../api';
import {
  FakeEksPodIdentityApi,
  pending,
} from '../../__testUtils__/FakeEksPodIdentityApi';
import {
  entityAccess,
  finding,
  ordersApiEntity,
  roleSummary,
  serviceAccountAccess,
} from '../../__testUtils__/fixtures';
import { EntityAccessCard } from './EntityAccessCard';

jest.setTimeout(30_000);

function renderCard(api: FakeEksPodIdentityApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[eksPodIdentityApiRef, api]]}>
      <EntityProvider entity={ordersApiEntity}>
        <EntityAccessCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** The value next to a label of the card's description list. */
const valueOf = (label: string) =>
  screen.getByText(label).nextElementSibling?.textContent;

describe('EntityAccessCard', () => {
  it('sums up roles, clusters, write access and the worst finding, and links to the tab', async () => {
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () =>
        entityAccess({
          items: [
            serviceAccountAccess(),
            serviceAccountAccess({
              cluster: 'staging-use1',
              role: { ...roleSummary, name: 'orders-api-staging' },
              targetRole: {
                ...roleSummary,
                name: 'inventory-reader',
                accountId: '333333333333',
              },
              findings: [finding('ROLE_NOT_FOUND', 'critical')],
              access: {
                admin: false,
                services: [
                  {
                    service: 'dynamodb',
                    levels: {
                      List: 0,
                      Read: 0,
                      Write: 0,
                      'Permissions management': 0,
                      Tagging: 0,
                    },
                    wildcardResource: false,
                    resources: [],
                  },
                  {
                    service: 'iam',
                    levels: {
                      List: 0,
                      Read: 0,
                      Write: 0,
                      'Permissions management': 2,
                      Tagging: 0,
                    },
                    wildcardResource: true,
                    resources: ['*'],
                  },
                ],
              },
            }),
          ],
        }),
    });
    await renderCard(api);
    expect(await screen.findByText('Roles')).toBeInTheDocument();
    expect(valueOf('Roles')).toBe(
      'orders-api, orders-api-staging, inventory-reader',
    );
    expect(valueOf('Clusters')).toBe('prod-use1, staging-use1');
    expect(valueOf('Write access')).toBe('iam, s3');
    expect(valueOf('Worst finding')).toBe('criticalROLE_NOT_FOUND title');
    expect(screen.getByText('View AWS access').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/component/orders-api/aws-access',
    );
  });

  it('calls out administrator access', async () => {
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () =>
        entityAccess({
          items: [
            serviceAccountAccess({
              access: { admin: true, services: [] },
              findings: [],
            }),
          ],
        }),
    });
    await renderCard(api);
    expect(
      await screen.findByText('every service (administrator)'),
    ).toBeInTheDocument();
    expect(valueOf('Worst finding')).toBe('none');
  });

  it('says so when no service account was found', async () => {
    const api = new FakeEksPodIdentityApi({
      getEntityAccess: async () => entityAccess({ items: [] }),
    });
    await renderCard(api);
    expect(
      await screen.findByText(/No service account of this component was found/),
    ).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    await renderCard(new FakeEksPodIdentityApi({ getEntityAccess: pending }));
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    await renderCard(
      new FakeEksPodIdentityApi({
        getEntityAccess: () =>
          Promise.reject(new Error('catalog entity not found')),
      }),
    );
    expect(
      (await screen.findAllByText(/catalog entity not found/)).length,
    ).toBeGreaterThan(0);
  });
});
