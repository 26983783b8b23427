import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';

export const INVENTORY_SCAN_TASK_ID = 'eks-pod-identity-inventory-scan';

export const DEFAULT_SCAN_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 5 },
  scope: 'global',
};

/**
 * With CloudTrail events configured, changes arrive within a minute and the
 * full scan is only the safety net for events lost on the way.
 */
export const EVENTS_SAFETY_NET_SCAN_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  { ...DEFAULT_SCAN_SCHEDULE, frequency: { hours: 24 } };

/**
 * `eksPodIdentity.schedule` with the defaults above filled in. Scope stays
 * global unless set otherwise, so with several replicas exactly one scans.
 */
export function withScanDefaults(
  schedule: SchedulerServiceTaskScheduleDefinition | undefined,
  options: { cloudTrailEvents?: boolean } = {},
): SchedulerServiceTaskScheduleDefinition {
  if (!schedule) {
    return options.cloudTrailEvents
      ? EVENTS_SAFETY_NET_SCAN_SCHEDULE
      : DEFAULT_SCAN_SCHEDULE;
  }
  return {
    ...schedule,
    initialDelay: schedule.initialDelay ?? DEFAULT_SCAN_SCHEDULE.initialDelay,
    scope: schedule.scope ?? 'global',
  };
}

/** The schedule's period, when it is a plain duration (not cron or manual). */
export function schedulePeriodMs(
  schedule: SchedulerServiceTaskScheduleDefinition,
): number | undefined {
  const { frequency } = schedule;
  if (
    typeof frequency === 'string' ||
    'cron' in frequency ||
    'trigger' in frequency
  ) {
    return undefined;
  }
  return durationToMilliseconds(frequency as HumanDuration);
}
