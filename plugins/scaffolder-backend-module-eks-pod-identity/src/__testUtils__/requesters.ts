import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/** A template user without the platform permission. */
export const TEAM_USER = 'user:default/orders-dev';
/** A platform engineer: holds eks-pod-identity.manage. */
export const PLATFORM_ADMIN = 'user:default/platform-admin';

const component = (
  name: string,
  owner: string,
  readableBy?: string[],
): Entity & { readableBy?: string[] } => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner },
  readableBy,
});

/** The catalog of the test estate's workloads; one entity only its own team can read. */
export const TEST_ENTITIES = [
  component('orders-api', 'group:default/team-orders'),
  component('orders-reporting', 'group:default/team-orders'),
  component('returns-worker', 'team-orders'),
  component('payments-api', 'group:default/team-payments'),
  component('search-api', 'group:default/platform-team'),
  component('skunkworks-api', 'group:default/skunkworks', [
    'user:default/skunk',
  ]),
];

/**
 * The catalog as the actions see it: entities read with the user's
 * credentials, so one the user may not read is not there for them.
 */
export function testCatalog(): Pick<CatalogService, 'getEntityByRef'> {
  const catalog = catalogServiceMock({
    entities: TEST_ENTITIES.map(({ readableBy: _, ...e }) => e),
  });
  return {
    async getEntityByRef(ref, options) {
      const principal = (options as { credentials?: any } | undefined)
        ?.credentials?.principal;
      const entity = TEST_ENTITIES.find(
        e => stringifyEntityRef(e) === String(ref),
      );
      if (
        entity?.readableBy &&
        !entity.readableBy.includes(principal?.userEntityRef)
      ) {
        return undefined;
      }
      return catalog.getEntityByRef(ref, options as any);
    },
  };
}

/** Allows eks-pod-identity.manage to PLATFORM_ADMIN only. */
export function testPermissions(): PermissionsService {
  return mockServices.permissions.mock({
    authorize: async (requests, { credentials }) =>
      requests.map(() => ({
        result:
          (credentials.principal as { userEntityRef?: string })
            .userEntityRef === PLATFORM_ADMIN
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })) as any,
  });
}

export const credentialsOf = (userRef: string) => mockCredentials.user(userRef);
