import {
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  eksPodIdentityInventoryExtensionPoint,
  type InventoryAnalyzer,
  type InventoryScanner,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import { noAnalysis } from '../analysis/emptyAnalysis';
import { eksPodIdentityPlugin } from '../plugin';

/** May do everything. */
export const ADMIN = 'user:default/admin';
/** Reads entity access through the catalog, but holds no plugin permission. */
export const DEVELOPER = 'user:default/developer';
/** The catalog shows this user no entity. */
export const OUTSIDER = 'user:default/outsider';

export const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});

export interface TestBackendOptions {
  /** Replaces the scanner built from config (the sandbox tests use the real one). */
  scanner?: InventoryScanner;
  analyzer?: InventoryAnalyzer;
  entities?: Entity[];
  knex?: Knex;
  config?: JsonObject;
  /** Replaces the mock scheduler (e.g. the real one, for replica tests). */
  features?: Parameters<typeof startTestBackend>[0]['features'];
}

/**
 * The plugin in a test backend: anonymous requests stay anonymous (so the auth
 * policy answers 401), permissions and catalog visibility depend on the user.
 */
export async function startPluginBackend(options: TestBackendOptions) {
  const inventoryModule = createBackendModule({
    pluginId: 'eks-pod-identity',
    moduleId: 'test-inventory',
    register(env) {
      env.registerInit({
        deps: { inventory: eksPodIdentityInventoryExtensionPoint },
        async init({ inventory }) {
          if (options.scanner) inventory.setScanner(options.scanner);
          // The inventory tests check what was scanned: no findings unless they pass an analyzer.
          inventory.setAnalyzer(options.analyzer ?? noAnalysis);
        },
      });
    },
  });

  const catalog = catalogServiceMock({ entities: options.entities ?? [] });
  const getEntityByRef = catalog.getEntityByRef.bind(catalog);
  catalog.getEntityByRef = async (ref, opts) => {
    const credentials =
      opts && 'credentials' in opts ? opts.credentials : undefined;
    const principal = credentials?.principal as
      | { userEntityRef?: string }
      | undefined;
    return principal?.userEntityRef === OUTSIDER
      ? undefined
      : getEntityByRef(ref, opts);
  };

  const permissions = mockServices.permissions.mock({
    authorize: async (requests, { credentials }) => {
      const user = (credentials.principal as { userEntityRef?: string })
        .userEntityRef;
      return requests.map(() => ({
        result: user === ADMIN ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      })) as any;
    },
  });

  return startTestBackend({
    features: [
      eksPodIdentityPlugin,
      inventoryModule,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
      permissions.factory,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({ data: options.config ?? {} }),
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
      ...(options.features ?? []),
    ],
  });
}
