import type {
  AccessChange,
  EksPodIdentityChangedEvent,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { HistoryFact } from './facts';

/**
 * Derives the changes from what was recorded last and the recent Backstage
 * events, and which events named a change (they are used up: a later change
 * to the same thing was not made by that task).
 */
export type DeriveChanges = (
  previous: ReadonlyMap<string, HistoryFact>,
  recentEventsNewestFirst: EksPodIdentityChangedEvent[],
) => {
  changes: Array<Omit<AccessChange, 'id' | 'at'>>;
  usedEvents: Set<EksPodIdentityChangedEvent>;
};

export interface ChangesPage {
  items: AccessChange[];
  totalCount: number;
  /** Older changes match the filter beyond this page. */
  hasMore: boolean;
}

export interface ChangesFilter {
  entityRef?: string;
  cluster?: string;
  /** ISO time; changes recorded at or after it. */
  since?: string;
  /** Changes with a smaller id (the previous page ended there). */
  beforeId?: number;
  limit: number;
}

/** Durable home of the access history, shared by every replica. */
export interface AccessHistoryStore {
  /** Keeps an announced change so the diff that sees it can name its actor. */
  noteEvent(
    event: EksPodIdentityChangedEvent,
    receivedAt: string,
  ): Promise<void>;
  /**
   * In one transaction: unless a newer or equal generation is recorded
   * already (by any replica), derives the changes since the last recorded
   * snapshot, stores them at `at` and keeps `facts` as the new baseline. The
   * very first snapshot is only the baseline. Resolves to the number of
   * changes stored.
   */
  recordSnapshot(
    snapshot: {
      generation: number;
      facts: HistoryFact[];
      at: string;
      /** Events received at or after this time may name the actor. */
      eventsSince: string;
    },
    derive: DeriveChanges,
  ): Promise<number>;
  /** Newest first. */
  listChanges(filter: ChangesFilter): Promise<ChangesPage>;
  /** Deletes changes recorded and events received before the given times. */
  prune(cutoffs: {
    changesBefore: string;
    eventsBefore: string;
  }): Promise<void>;
}
