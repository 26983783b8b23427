import type { HumanDuration } from '@backstage/types';

export interface Config {
  eksPodIdentity?: {
    /**
     * Changes made outside Backstage (console, Terraform, eksctl), as the
     * CloudTrail management events an EventBridge rule sends to an SQS queue
     * (README, "Freshness through CloudTrail events"). With this set, the
     * full scan's default schedule becomes daily: it is the safety net.
     */
    cloudTrailEvents?: {
      /**
       * The events topic `@backstage/plugin-events-backend-module-aws-sqs`
       * publishes the queue's messages on: the key under
       * `events.modules.awsSqs.awsSqsConsumingEventPublisher.topics`.
       */
      topic: string;
      /** Events for the same association, cluster or role within this window are read once. Default: 2 seconds. */
      coalesceWindow?: HumanDuration | string;
    };
  };
}
