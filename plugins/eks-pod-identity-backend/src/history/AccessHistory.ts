import type { LoggerService } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import type { EksPodIdentityChangedEvent } from '@pod-identity/plugin-eks-pod-identity-common';
import type { SnapshotView } from '../snapshot/SnapshotView';
import type { AccessHistoryStore } from './AccessHistoryStore';
import { attributeChange } from './attributeChange';
import { diffFacts } from './diffFacts';
import { factsOf } from './facts';

export const HISTORY_RETENTION_KEY = 'eksPodIdentity.history.retention';
const DEFAULT_RETENTION_MS = durationToMilliseconds({ days: 365 });
/**
 * How long after an action announced a change its event may name the actor:
 * the targeted re-read lands within seconds, a scan within its period.
 */
export const ATTRIBUTION_WINDOW_MS = durationToMilliseconds({ minutes: 30 });

export interface AccessHistoryOptions {
  store: AccessHistoryStore;
  logger: LoggerService;
  retentionMs?: number;
  now?: () => Date;
}

/**
 * Records every change the inventory sees by diffing each new snapshot view
 * against the last one recorded, and names the Backstage user who made it
 * when an announced change matches.
 */
export class AccessHistory {
  static fromConfig(
    config: Config,
    options: Omit<AccessHistoryOptions, 'retentionMs'>,
  ): AccessHistory {
    const retentionMs = config.has(HISTORY_RETENTION_KEY)
      ? durationToMilliseconds(
          readDurationFromConfig(config, { key: HISTORY_RETENTION_KEY }),
        )
      : DEFAULT_RETENTION_MS;
    return new AccessHistory({ ...options, retentionMs });
  }

  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;
  readonly retentionMs: number;

  constructor(private readonly options: AccessHistoryOptions) {
    this.now = options.now ?? (() => new Date());
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  }

  get store(): AccessHistoryStore {
    return this.options.store;
  }

  /** Keeps an announced change until the snapshot that shows it is recorded. */
  noteEvent(event: EksPodIdentityChangedEvent): Promise<void> {
    return this.options.store.noteEvent(event, this.now().toISOString());
  }

  /**
   * Records the changes a new view shows; views are recorded one at a time,
   * in order. Never rejects: a failure is logged and the next view's diff
   * covers the same changes.
   */
  record(view: SnapshotView): Promise<number> {
    const recorded = this.queue.then(() =>
      this.recordNow(view).catch(error => {
        this.options.logger.warn(
          `Could not record the access history of snapshot generation ${view.generation}: ${error}`,
        );
        return 0;
      }),
    );
    this.queue = recorded;
    return recorded;
  }

  private async recordNow(view: SnapshotView): Promise<number> {
    const now = this.now();
    const facts = factsOf(view);
    return this.options.store.recordSnapshot(
      {
        generation: view.generation,
        facts,
        at: now.toISOString(),
        eventsSince: new Date(
          now.getTime() - ATTRIBUTION_WINDOW_MS,
        ).toISOString(),
      },
      (previous, events) => {
        const usedEvents = new Set<EksPodIdentityChangedEvent>();
        const changes = diffFacts(previous, facts).map(change =>
          attributeChange(change, events, usedEvents),
        );
        return { changes, usedEvents };
      },
    );
  }

  /** Drops changes older than the retention, and events no diff needs any more. */
  async prune(): Promise<void> {
    const now = this.now().getTime();
    await this.options.store.prune({
      changesBefore: new Date(now - this.retentionMs).toISOString(),
      eventsBefore: new Date(now - ATTRIBUTION_WINDOW_MS).toISOString(),
    });
  }
}
