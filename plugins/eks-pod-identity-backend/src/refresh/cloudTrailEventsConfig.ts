import type { Config } from '@backstage/config';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

export const CLOUDTRAIL_EVENTS_CONFIG_KEY = 'eksPodIdentity.cloudTrailEvents';
export const DEFAULT_COALESCE_WINDOW_MS = 2_000;

export interface CloudTrailEventsConfig {
  /** The events topic the SQS module publishes the queue's messages on. */
  topic: string;
  coalesceWindowMs: number;
}

/** `eksPodIdentity.cloudTrailEvents`, or undefined when changes arrive only through scans. */
export function readCloudTrailEventsConfig(
  config: Config,
): CloudTrailEventsConfig | undefined {
  const events = config.getOptionalConfig(CLOUDTRAIL_EVENTS_CONFIG_KEY);
  if (!events) return undefined;
  return {
    topic: events.getString('topic'),
    coalesceWindowMs: events.has('coalesceWindow')
      ? durationToMilliseconds(
          readDurationFromConfig(events, { key: 'coalesceWindow' }),
        )
      : DEFAULT_COALESCE_WINDOW_MS,
  };
}
