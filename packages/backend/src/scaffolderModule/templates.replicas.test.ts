/*
 * Two backend replicas on one database: the grant and revoke templates run on
 * one (it has the scaffolder), and the other serves the change on the entity's
 * access API within 10 s, with no refresh. The event reaches only the
 * publishing replica here (no events backend); the other sees the change
 * through the shared snapshot's generation.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import eksPodIdentityPlugin from '@pod-identity/plugin-eks-pod-identity-backend';
import { startSandbox, type Sandbox } from '@pod-identity/sandbox';
import path from 'node:path';
import scaffolderModuleEksPodIdentity from '@pod-identity/plugin-scaffolder-backend-module-eks-pod-identity';
import {
  demoConfig,
  demoEntities,
  hasS3Access,
  portalClient,
  ROOT,
  within,
} from './__testUtils__/demoPortal';

jest.setTimeout(180_000);

// PostgreSQL when BACKSTAGE_TEST_DATABASE_POSTGRES13_CONNECTION_STRING is set
// (scripts/test.mjs starts one); SQLite always.
const databases = TestDatabases.create({
  ids: ['POSTGRES_13', 'SQLITE_3'],
  disableDocker: true,
});

describe.each(databases.eachSupportedId())(
  'two replicas sharing %s',
  databaseId => {
    let sandbox: Sandbox;
    const stops: Array<() => Promise<void>> = [];
    afterEach(async () => {
      await Promise.all(stops.splice(0).map(stop => stop()));
      await sandbox?.stop();
    });

    it('serves a grant made on one replica through the other within 10 s, and its revoke', async () => {
      sandbox = await startSandbox({
        seed: path.join(ROOT, 'examples/sandbox/estate.yaml'),
      });
      const shared = await databases.init(databaseId);
      // The inventory's database is shared; every other plugin has its own.
      const database = createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        async factory({ plugin }) {
          return mockServices.database({
            knex:
              plugin.getId() === 'eks-pod-identity'
                ? shared
                : await databases.init('SQLITE_3'),
          });
        },
      });
      const common = [
        eksPodIdentityPlugin,
        eventsServiceFactory,
        database,
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalogServiceMock({ entities: demoEntities() }),
        }),
        mockServices.rootConfig.factory({ data: demoConfig(sandbox) }),
      ];
      const withScaffolder = await startTestBackend({
        features: [scaffolderPlugin, scaffolderModuleEksPodIdentity, ...common],
      });
      stops.push(() => withScaffolder.stop());
      const other = await startTestBackend({ features: common });
      stops.push(() => other.stop());
      const one = portalClient(
        () => `http://localhost:${withScaffolder.server.port()}`,
      );
      const two = portalClient(() => `http://localhost:${other.server.port()}`);

      await one.refresh();
      const accessOnTwo = async () => {
        const { items } = await two.entityAccess('payments-api');
        return items.find(
          i => i.cluster === 'prod-use1' && i.serviceAccount === 'payments-api',
        );
      };
      expect(hasS3Access(await accessOnTwo())).toBe(false);

      await one.runTemplate('eks-pod-identity-grant-access', {
        component: 'component:default/payments-api',
        cluster: 'prod-use1',
        namespace: 'team-payments',
        permissions: [{ preset: 's3-read', resource: 'payments-reports/' }],
      });
      await within(
        10_000,
        accessOnTwo,
        item => Boolean(item?.association) && hasS3Access(item),
        'The granted S3 access on the other replica after the task',
      );

      await one.runTemplate('eks-pod-identity-revoke-access', {
        component: 'component:default/payments-api',
        cluster: 'prod-use1',
        namespace: 'team-payments',
        serviceAccount: 'payments-api',
        deleteRole: true,
      });
      await within(
        10_000,
        accessOnTwo,
        item => !item?.association && !hasS3Access(item),
        'The revoke on the other replica after the task',
      );
    });
  },
);
