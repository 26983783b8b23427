/*
 * A portal backend for the integration tests: the real catalog (with this
 * module) and the real eks-pod-identity backend scanning a sandbox through the
 * AWS SDK, each on its own SQLite file so that a second portal on the same
 * directory is a restart.
 */
import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
// The inventory backend runs beside the catalog, as in a portal; the module itself only speaks HTTP to it.
import eksPodIdentityPlugin from '@pod-identity/plugin-eks-pod-identity-backend';
import { createEksPodIdentityApiClient } from '@pod-identity/plugin-eks-pod-identity-common';
import {
  eksPodIdentityInventoryExtensionPoint,
  type InventoryAnalyzer,
} from '@pod-identity/plugin-eks-pod-identity-node';
import {
  sandboxAwsConfig,
  sandboxDiscovery,
  type Sandbox,
} from '@pod-identity/sandbox';
import request from 'supertest';
import catalogModuleEksPodIdentity from '@pod-identity/plugin-catalog-backend-module-eks-pod-identity';
/** The entity provider's name, which its scheduled task id starts with. */
const PROVIDER_NAME = 'eks-pod-identity';

export interface PortalOptions {
  sandbox: Sandbox;
  /** Absolute paths of catalog YAML files. */
  catalogFiles: string[];
  /** Where each plugin keeps its SQLite file. */
  databaseDir: string;
  platformOwner: string;
  analyzer?: InventoryAnalyzer;
}

/** The config a portal has against this sandbox; nothing tells the plugins it is one. */
function sandboxConfig(sandbox: Sandbox) {
  return {
    aws: sandboxAwsConfig(sandbox),
    eksPodIdentity: {
      endpoints: sandbox.endpoints,
      discovery: sandboxDiscovery(sandbox.exportEstate()),
    },
  };
}

export async function startPortal(options: PortalOptions) {
  let scheduler: SchedulerService | undefined;
  // The mock scheduler runs a triggered task to its end before answering: the tests decide when things run.
  const testHooks = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-hooks',
    register(env) {
      env.registerInit({
        deps: { s: coreServices.scheduler },
        async init({ s }) {
          scheduler = s;
        },
      });
    },
  });
  const analysis = createBackendModule({
    pluginId: 'eks-pod-identity',
    moduleId: 'test-analysis',
    register(env) {
      env.registerInit({
        deps: { inventory: eksPodIdentityInventoryExtensionPoint },
        async init({ inventory }) {
          if (options.analyzer) inventory.setAnalyzer(options.analyzer);
        },
      });
    },
  });

  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleEksPodIdentity,
      testHooks,
      eksPodIdentityPlugin,
      analysis,
      databaseServiceFactory,
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: {
            database: {
              client: 'better-sqlite3',
              connection: { directory: options.databaseDir },
            },
          },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'API',
                  'Resource',
                  'Location',
                  'Group',
                  'User',
                ],
              },
            ],
            locations: options.catalogFiles.map(target => ({
              type: 'file',
              target,
            })),
            providers: {
              eksPodIdentity: { platformOwner: options.platformOwner },
            },
          },
          ...sandboxConfig(options.sandbox),
        },
      }),
    ],
  });
  const http = () => request(backend.server);
  const asUser = (user: string) => ({
    Authorization: mockCredentials.user.header(user),
  });
  const inventory = createEksPodIdentityApiClient({
    baseUrl: `http://localhost:${backend.server.port()}/api/eks-pod-identity`,
    headers: asUser('user:default/admin'),
  });

  return {
    backend,
    /** A full inventory scan (or of one cluster), finished when this resolves. */
    async scan(cluster?: string) {
      const { response } = await inventory.POST('/v1/refresh', {
        body: cluster ? { cluster } : {},
      });
      if (response.status !== 202) {
        throw new Error(`refresh answered ${response.status}, not 202`);
      }
    },
    /** One run of the entity provider. */
    async syncEntities() {
      await scheduler!.triggerTask(`${PROVIDER_NAME}:refresh`);
    },
    async entity(ref: string): Promise<Entity | undefined> {
      const [kind, rest] = ref.split(':');
      const [namespace, name] = rest.split('/');
      const res = await http()
        .get(
          `/api/catalog/entities/by-name/${kind}/${namespace}/${encodeURIComponent(
            name,
          )}`,
        )
        .set(asUser('user:default/admin'));
      return res.status === 200 ? res.body : undefined;
    },
    async query(filter: string): Promise<Entity[]> {
      const res = await http()
        .get('/api/catalog/entities')
        .query({ filter })
        .set(asUser('user:default/admin'))
        .expect(200);
      return res.body;
    },
    stop: () => backend.stop(),
  };
}

export type Portal = Awaited<ReturnType<typeof startPortal>>;

/** Polls until `check` passes: the catalog processes and stitches entities in the background. */
export async function eventually<T>(
  check: () => Promise<T>,
  what: string,
  timeoutMs = 180_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}: ${lastError}`);
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}
