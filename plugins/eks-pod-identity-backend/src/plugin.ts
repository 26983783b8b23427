import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  EKS_POD_IDENTITY_CHANGED_TOPIC,
  EKS_POD_IDENTITY_PLUGIN_ID,
  eksPodIdentityPermissions,
} from '@pod-identity/plugin-eks-pod-identity-common';
import {
  awsClientFactoryServiceRef,
  clusterDirectoryServiceRef,
  DefaultInventoryAnalyzer,
  DefaultInventoryScanner,
  DefaultLastAccessedReader,
  eksPodIdentityConfigServiceRef,
  eksPodIdentityInventoryExtensionPoint,
  InventoryAnalyzer,
  InventoryScanner,
} from '@pod-identity/plugin-eks-pod-identity-node';
import { KnexSnapshotStore } from './database/KnexSnapshotStore';
import { registerAssistantActions } from './assistant/registerAssistantActions';
import { AccessHistory } from './history/AccessHistory';
import { KnexAccessHistoryStore } from './history/KnexAccessHistoryStore';
import { scheduleFindingNotifications } from './notifications/scheduleFindingNotifications';
import { ChangeRefresher } from './refresh/ChangeRefresher';
import { CloudTrailEventConsumer } from './refresh/CloudTrailEventConsumer';
import { readCloudTrailEventsConfig } from './refresh/cloudTrailEventsConfig';
import { parseChangedEvent } from './refresh/parseChangedEvent';
import { createRouter } from './router/createRouter';
import {
  LAST_ACCESSED_TASK_ID,
  LastAccessedRefreshTask,
  readLastAccessedSchedule,
} from './lastAccessed/LastAccessedRefreshTask';
import { InventoryScanTask } from './scan/InventoryScanTask';
import {
  DEFAULT_SCAN_SCHEDULE,
  INVENTORY_SCAN_TASK_ID,
  schedulePeriodMs,
  withScanDefaults,
} from './scan/scanSchedule';
import { latestOnly } from './snapshot/latestOnly';
import { SnapshotReadModel } from './snapshot/SnapshotReadModel';

/** EKS Pod Identity inventory: scheduled scans into the plugin database, served over REST. */
export const eksPodIdentityPlugin = createBackendPlugin({
  pluginId: EKS_POD_IDENTITY_PLUGIN_ID,
  register(env) {
    let scanner: InventoryScanner | undefined;
    let analyzer: InventoryAnalyzer | undefined;
    env.registerExtensionPoint(eksPodIdentityInventoryExtensionPoint, {
      setScanner(s) {
        if (scanner) {
          throw new Error(
            'Attempted to install a second InventoryScanner. Only one can be set.',
          );
        }
        scanner = s;
      },
      setAnalyzer(a) {
        if (analyzer) {
          throw new Error(
            'Attempted to install a second InventoryAnalyzer. Only one can be set.',
          );
        }
        analyzer = a;
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        notifications: notificationService,
        settings: eksPodIdentityConfigServiceRef,
        clients: awsClientFactoryServiceRef,
        clusters: clusterDirectoryServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler, httpRouter, settings } = deps;
        deps.permissionsRegistry.addPermissions(eksPodIdentityPermissions);

        const cloudTrailEvents = readCloudTrailEventsConfig(config);
        const schedule = withScanDefaults(settings.schedule, {
          cloudTrailEvents: !!cloudTrailEvents,
        });
        const store = await KnexSnapshotStore.create(deps.database);
        const history = AccessHistory.fromConfig(config, {
          store: await KnexAccessHistoryStore.create(deps.database),
          logger,
        });
        const readModel = new SnapshotReadModel({
          store,
          analyzer:
            analyzer ??
            new DefaultInventoryAnalyzer({ settings: settings.analysis }),
          logger,
          // Each record diffs against the last one, so views that arrive
          // while one is recorded can wait for the newest.
          onNewView: latestOnly(view => history.record(view)),
        });
        const inventoryScanner =
          scanner ??
          DefaultInventoryScanner.fromConfig(config, {
            settings,
            clients: deps.clients,
            directory: deps.clusters,
            logger,
          });
        const scanTask = new InventoryScanTask({
          scanner: inventoryScanner,
          store,
          readModel,
          configuredClusters: settings.clusters.map(c => ({
            ...c,
            source: 'config' as const,
          })),
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
          fullScanMaxAgeMs:
            schedulePeriodMs(schedule) ??
            schedulePeriodMs(DEFAULT_SCAN_SCHEDULE)!,
        });
        await scheduler.scheduleTask({
          id: INVENTORY_SCAN_TASK_ID,
          ...schedule,
          fn: signal => scanTask.run(signal),
        });
        await scheduler.scheduleTask({
          id: 'access-history-prune',
          frequency: { hours: 24 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 5 },
          fn: () => history.prune(),
        });

        if (settings.notifications.enabled) {
          await scheduleFindingNotifications({
            findings: readModel,
            database: deps.database,
            scheduler,
            notifications: deps.notifications,
            logger,
          });
        }

        const lastAccessed = new LastAccessedRefreshTask({
          reader: DefaultLastAccessedReader.fromConfig(config, {
            clients: deps.clients,
          }),
          store,
          readModel,
          logger,
        });
        await scheduler.scheduleTask({
          id: LAST_ACCESSED_TASK_ID,
          ...readLastAccessedSchedule(config),
          fn: signal => lastAccessed.run(signal),
        });

        // Changes made through Backstage (scaffolder actions) are re-read at
        // once. With the events backend installed, an event published on any
        // replica reaches one subscriber; the others reload from the store.
        const changes = new ChangeRefresher({
          scanner: inventoryScanner,
          store,
          readModel,
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
        });
        await deps.events.subscribe({
          id: 'inventory-refresh',
          topics: [EKS_POD_IDENTITY_CHANGED_TOPIC],
          async onEvent({ eventPayload }) {
            const event = parseChangedEvent(eventPayload);
            if (!event) {
              logger.warn(
                `Ignoring an ${EKS_POD_IDENTITY_CHANGED_TOPIC} event that is not one`,
              );
              return;
            }
            // Kept before the re-read lands, so the diff that sees the change
            // names who made it.
            await history
              .noteEvent(event)
              .catch(error =>
                logger.warn(
                  `Could not keep the change for the history: ${error}`,
                ),
              );
            // Not awaited: the publisher (a scaffolder task) does not wait on AWS reads.
            changes.refresh(event);
          },
        });
        if (cloudTrailEvents) {
          // Changes made outside Backstage, from the EventBridge rule's queue.
          const consumer = new CloudTrailEventConsumer({
            changes,
            readModel,
            logger,
            coalesceWindowMs: cloudTrailEvents.coalesceWindowMs,
          });
          await deps.events.subscribe({
            id: 'inventory-cloudtrail',
            topics: [cloudTrailEvents.topic],
            onEvent: ({ eventPayload }) => consumer.handle(eventPayload),
          });
        }

        httpRouter.use(
          await createRouter({
            readModel,
            store,
            history,
            scheduler,
            scanTaskId: INVENTORY_SCAN_TASK_ID,
            catalog: deps.catalog,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            logger,
          }),
        );
        registerAssistantActions(deps.actionsRegistry, {
          readModel,
          catalog: deps.catalog,
          permissions: deps.permissions,
          logger,
        });
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
