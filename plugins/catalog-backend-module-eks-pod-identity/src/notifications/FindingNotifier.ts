import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { InventoryReader } from '../client/InventoryClient';
import type { NotifiedFindingStore } from '../database/NotifiedFindingStore';
import { findingNotification } from './findingNotification';
import { currentEntityFindings, planNotifications } from './planNotifications';

export interface FindingNotifierOptions {
  inventory: InventoryReader;
  store: NotifiedFindingStore;
  notifications: NotificationService;
  logger: LoggerService;
}

/**
 * Tells an entity's owner about critical and high findings once: what was
 * notified is remembered (in the database, so a restart does not repeat it)
 * until the finding is gone.
 */
export class FindingNotifier {
  constructor(private readonly options: FindingNotifierOptions) {}

  async run(): Promise<void> {
    const { inventory, store, notifications, logger } = this.options;
    const { clusters, associations } = await inventory.read();
    const current = currentEntityFindings(associations);
    const plan = planNotifications(current, await store.list(), clusters);

    for (const [entityRef, findings] of plan.toNotify) {
      try {
        await notifications.send(findingNotification(entityRef, findings));
      } catch (error) {
        // Not remembered, so the next run tries again.
        logger.warn(
          `Could not notify the owner of ${entityRef} about ${findings.length} new finding(s): ${error}`,
        );
        continue;
      }
      const notifiedAt = new Date().toISOString();
      await store.add(
        findings.map(f => ({
          key: f.key,
          entityRef,
          cluster: f.cluster,
          code: f.finding.code,
          severity: f.finding.severity,
          notifiedAt,
        })),
      );
    }
    await store.remove(plan.resolved);
    if (plan.toNotify.size > 0 || plan.resolved.length > 0) {
      logger.info(
        `Notified the owners of ${plan.toNotify.size} entities; ${plan.resolved.length} finding(s) resolved`,
      );
    }
  }
}
