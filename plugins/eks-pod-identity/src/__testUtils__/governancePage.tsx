import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  eksPodIdentityInventoryReadPermission,
  type AssociationsQuery,
  type FindingsResponse,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { eksPodIdentityApiRef } from '../api';
import { GovernancePage } from '../components/GovernancePage/GovernancePage';
import { FakeEksPodIdentityApi } from './FakeEksPodIdentityApi';
import { association, cluster, finding, roleDetail } from './fixtures';

const findings: FindingsResponse = {
  items: [
    finding('AGENT_MISSING', 'critical', 'staging-euw1'),
    finding('ROLE_SHARED', 'medium', 'a-1'),
    finding('ROLE_SHARED', 'medium', 'a-2'),
  ],
  totalCount: 3,
  summary: {
    bySeverity: { critical: 1, high: 0, medium: 2, low: 0, info: 0 },
    byCode: { AGENT_MISSING: 1, ROLE_SHARED: 2 },
  },
};

const firstPage = [
  association({
    id: 'a-1',
    serviceAccount: 'orders-api',
    findings: [finding('ROLE_SHARED', 'medium', 'a-1')],
  }),
  association({
    id: 'a-2',
    namespace: 'team-payments',
    serviceAccount: 'event-relay',
    mappedEntityRefs: [],
  }),
];
const secondPage = [
  association({
    id: 'a-3',
    cluster: 'staging-euw1',
    serviceAccount: 'payments-worker',
  }),
];

/** A backend with two clusters, three findings and two pages of associations. */
export function fakeBackend(
  overrides: ConstructorParameters<typeof FakeEksPodIdentityApi>[0] = {},
) {
  return new FakeEksPodIdentityApi({
    getClusters: async () => ({
      items: [
        cluster('prod-use1', { title: 'Production' }),
        cluster('staging-euw1', {
          status: 'error',
          stale: true,
          error: 'DescribeCluster timed out',
          agent: { installed: false },
          associationCount: 3,
        }),
        cluster('data-euw1', { agent: { installed: false, builtIn: true } }),
      ],
    }),
    getFindings: async query =>
      query.code
        ? {
            ...findings,
            items: findings.items.filter(f => f.code === query.code),
          }
        : findings,
    getAssociations: async (query: AssociationsQuery) =>
      query.cursor === 'page-2'
        ? { items: secondPage, totalCount: 3 }
        : { items: firstPage, totalCount: 3, nextCursor: 'page-2' },
    getOwnersReport: async () => undefined,
    getChanges: async () => ({ items: [], totalCount: 0 }),
    getRole: async () => roleDetail,
    refresh: async () => {},
    ...overrides,
  });
}

/** The governance page, with the refresh and inventory-read permissions granted or not. */
export function renderPage(
  api: FakeEksPodIdentityApi,
  refreshAllowed = false,
  inventoryReadAllowed = true,
) {
  const allowed = (granted: boolean) =>
    granted ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [eksPodIdentityApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: request =>
              request.permission.name ===
              eksPodIdentityInventoryReadPermission.name
                ? allowed(inventoryReadAllowed)
                : allowed(refreshAllowed),
          }),
        ],
      ]}
    >
      <GovernancePage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
