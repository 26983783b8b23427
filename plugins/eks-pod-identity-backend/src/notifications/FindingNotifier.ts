import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { NotifiedFindingStore } from '../database/NotifiedFindingStore';
import type { SnapshotView } from '../snapshot/SnapshotView';
import { findingNotification } from './findingNotification';
import { currentEntityFindings, planNotifications } from './planNotifications';

/** Where the notifier reads the current findings: the backend's read model. */
export interface FindingSource {
  reload(): Promise<Pick<SnapshotView, 'associations' | 'clusterStatuses'>>;
}

export interface FindingNotifierOptions {
  findings: FindingSource;
  store: NotifiedFindingStore;
  notifications: NotificationService;
  logger: LoggerService;
}

/**
 * Tells an entity's owner about new critical and high findings once: what was
 * notified is remembered (in the database, so a restart does not repeat it)
 * until the finding is gone. What a cluster already has when it is first seen
 * is recorded as its baseline, not sent.
 */
export class FindingNotifier {
  constructor(private readonly options: FindingNotifierOptions) {}

  async run(): Promise<void> {
    const { findings: source, store, notifications, logger } = this.options;
    // The snapshot as stored now, analysed: what the last scan found.
    const view = await source.reload();
    const current = currentEntityFindings(view.associations);
    const plan = planNotifications(
      current,
      await store.list(),
      view.clusterStatuses(),
      await store.listWatchedClusters(),
    );

    // Baseline first: should the run stop after this, those findings stay unsent.
    const now = new Date().toISOString();
    await store.add(
      plan.toBaseline.map(f => ({
        key: f.key,
        entityRef: f.entityRef,
        cluster: f.cluster,
        code: f.finding.code,
        severity: f.finding.severity,
        notifiedAt: now,
        baseline: true,
      })),
    );
    await store.watchClusters(plan.newlyWatched, now);

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
    await store.unwatchClusters(plan.unwatched);
    if (plan.newlyWatched.length > 0) {
      logger.info(
        `Watching ${plan.newlyWatched.join(', ')} for new findings; ${
          plan.toBaseline.length
        } existing critical/high finding(s) recorded without a notification`,
      );
    }
    if (plan.toNotify.size > 0 || plan.resolved.length > 0) {
      logger.info(
        `Notified the owners of ${plan.toNotify.size} entities; ${plan.resolved.length} finding(s) resolved`,
      );
    }
  }
}
