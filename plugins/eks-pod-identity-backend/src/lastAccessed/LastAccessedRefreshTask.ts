import {
  type LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { LastAccessedReader } from '@pod-identity/plugin-eks-pod-identity-node';
import type { SnapshotStore } from '../database/SnapshotStore';
import type { SnapshotReadModel } from '../snapshot/SnapshotReadModel';
import type { InventorySnapshot } from '../snapshot/types';

export const LAST_ACCESSED_TASK_ID = 'eks-pod-identity-last-accessed';

// IAM updates last-accessed data within about four hours, and the judgement
// is over weeks: once a day is plenty, and keeps the IAM job calls rare.
export const DEFAULT_LAST_ACCESSED_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 24 },
    timeout: { hours: 1 },
    initialDelay: { seconds: 10 },
    scope: 'global',
  };

/** `eksPodIdentity.lastAccessed.schedule`, defaults filled in. */
export function readLastAccessedSchedule(
  config: Config,
): SchedulerServiceTaskScheduleDefinition {
  const schedule = config.getOptionalConfig(
    'eksPodIdentity.lastAccessed.schedule',
  );
  if (!schedule) return DEFAULT_LAST_ACCESSED_SCHEDULE;
  const read = readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule);
  return {
    ...read,
    initialDelay:
      read.initialDelay ?? DEFAULT_LAST_ACCESSED_SCHEDULE.initialDelay,
    scope: read.scope ?? 'global',
  };
}

/** The roles pods run as (association roles and target roles) that the inventory holds. */
export function workloadRoleArns(snapshot: InventorySnapshot): string[] {
  const known = new Set(
    snapshot.accounts.flatMap(a => a.roles.map(r => r.arn)),
  );
  const arns = snapshot.clusters.flatMap(c =>
    c.associations.flatMap(a => [a.roleArn, a.targetRoleArn ?? []].flat()),
  );
  return [...new Set(arns)].filter(arn => known.has(arn)).sort();
}

export interface LastAccessedRefreshTaskOptions {
  reader: LastAccessedReader;
  store: SnapshotStore;
  readModel: SnapshotReadModel;
  logger: LoggerService;
  /** How often to look for the first full scan before there is one (default 5 s). */
  firstScanPollMs?: number;
}

/**
 * Reads IAM's last-accessed reports of every workload role and stores them
 * beside the snapshot. Apart from the inventory scan on purpose: each report
 * is an IAM job that takes seconds to minutes, so the scan's call budget and
 * duration stay as they are. A role whose report fails keeps its last one.
 */
export class LastAccessedRefreshTask {
  constructor(private readonly options: LastAccessedRefreshTaskOptions) {}

  async run(signal?: AbortSignal): Promise<void> {
    const { reader, store, readModel, logger } = this.options;
    await this.untilFirstFullScan(signal);
    const arns = workloadRoleArns(await store.load());
    const read = await reader.read(arns, signal);
    if (read.errors.length > 0) {
      logger.warn(
        `Could not read IAM last accessed data of ${read.errors.length} of ${
          arns.length
        } roles: ${read.errors
          .slice(0, 3)
          .map(e => e.error)
          .join('; ')}`,
      );
    }
    await store.saveLastAccessed(read.records, arns);
    await readModel.reload();
    logger.info(
      `Read IAM last accessed data of ${read.records.length} of ${arns.length} workload roles`,
    );
  }

  private async untilFirstFullScan(signal?: AbortSignal) {
    const poll = this.options.firstScanPollMs ?? 5000;
    while (!(await this.options.store.readMeta()).lastFullScanAt) {
      signal?.throwIfAborted();
      await new Promise(resolve => setTimeout(resolve, poll));
    }
  }
}
