import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EventsService } from '@backstage/plugin-events-node';
import {
  EKS_POD_IDENTITY_CHANGED_TOPIC,
  type EksPodIdentityChangedEvent,
} from '@pod-identity/plugin-eks-pod-identity-common';

/** Tells the rest of Backstage what an action changed in AWS or Kubernetes. */
export interface ChangeAnnouncer {
  /** Never throws: the change is made either way, and the next scan shows it. */
  announce(event: EksPodIdentityChangedEvent): Promise<void>;
}

/**
 * Publishes on `eks-pod-identity.changed` through Backstage's events service;
 * the inventory backend re-reads what the event names at once.
 */
export class EventsChangeAnnouncer implements ChangeAnnouncer {
  constructor(
    private readonly events: EventsService,
    private readonly logger?: LoggerService,
  ) {}

  async announce(event: EksPodIdentityChangedEvent): Promise<void> {
    try {
      await this.events.publish({
        topic: EKS_POD_IDENTITY_CHANGED_TOPIC,
        eventPayload: event,
      });
    } catch (error) {
      this.logger?.warn(
        `Could not announce the change on ${EKS_POD_IDENTITY_CHANGED_TOPIC}; it shows with the next inventory scan: ${error}`,
      );
    }
  }
}

/** For running the actions without an events service (tests, scripts). */
export const silentChangeAnnouncer: ChangeAnnouncer = {
  async announce() {},
};
