import type {
  DatabaseService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { KnexNotifiedFindingStore } from '../database/KnexNotifiedFindingStore';
import { FindingNotifier, FindingSource } from './FindingNotifier';

export const NOTIFIER_TASK_ID = 'eks-pod-identity-notify-findings';

/** As often as the catalog module checked before the notifier moved here. */
export const NOTIFIER_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 15 },
};

/**
 * Schedules the finding notifier on one replica at a time. Needs the plugin's
 * migrations applied (the snapshot store applies them).
 */
export async function scheduleFindingNotifications(options: {
  findings: FindingSource;
  database: DatabaseService;
  scheduler: SchedulerService;
  notifications: NotificationService;
  logger: LoggerService;
}): Promise<void> {
  const notifier = new FindingNotifier({
    findings: options.findings,
    store: new KnexNotifiedFindingStore(await options.database.getClient()),
    notifications: options.notifications,
    logger: options.logger,
  });
  await options.scheduler.scheduleTask({
    id: NOTIFIER_TASK_ID,
    ...NOTIFIER_SCHEDULE,
    fn: () => notifier.run(),
  });
}
