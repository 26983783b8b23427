import { SQSClient } from '@aws-sdk/client-sqs';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  eventsServiceRef,
  type EventsService,
  type EventsServiceSubscribeOptions,
} from '@backstage/plugin-events-node';
import type { Sandbox } from '@pod-identity/sandbox';
import type { JsonObject } from '@backstage/types';

/** A config key under `topics`, so no dots. */
export const CLOUDTRAIL_TOPIC = 'eks-pod-identity-cloudtrail';

/**
 * `events.modules.awsSqs…` for the sandbox's events queue, as a portal
 * would configure the module for its own queue; polling tuned for tests.
 */
export function sandboxQueueConfig(
  sandbox: Sandbox,
  queue: JsonObject = {},
  topic: JsonObject = {},
): JsonObject {
  return {
    modules: {
      awsSqs: {
        awsSqsConsumingEventPublisher: {
          topics: {
            [CLOUDTRAIL_TOPIC]: {
              queue: {
                url: sandbox.eventsQueue.url,
                region: sandbox.eventsQueue.region,
                endpoint: new URL(sandbox.eventsQueue.url).origin,
                waitTime: { seconds: 1 },
                ...queue,
              },
              waitTimeAfterEmptyReceive: { seconds: 0 },
              ...topic,
            },
          },
        },
      },
    },
  };
}

/**
 * The SQS module builds its client with the SDK's default credential chain:
 * the queue owner's keys go in the environment, as a pod's would. Returns
 * the function that restores what was there.
 */
export function useQueueOwnerCredentials(sandbox: Sandbox): () => void {
  const saved = {
    id: process.env.AWS_ACCESS_KEY_ID,
    secret: process.env.AWS_SECRET_ACCESS_KEY,
  };
  const keys = sandbox.credentialsFor(sandbox.eventsQueue.accountId);
  process.env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
  return () => {
    for (const [name, value] of [
      ['AWS_ACCESS_KEY_ID', saved.id],
      ['AWS_SECRET_ACCESS_KEY', saved.secret],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** An SQS client of the queue owner, for the test to send, receive and inspect. */
export function queueOwnerClient(sandbox: Sandbox): SQSClient {
  return new SQSClient({
    region: sandbox.eventsQueue.region,
    endpoint: new URL(sandbox.eventsQueue.url).origin,
    credentials: sandbox.credentialsFor(sandbox.eventsQueue.accountId),
    maxAttempts: 1,
  });
}

/**
 * One in-process events bus for the whole test backend, as the events
 * backend gives a real one: the SQS module (plugin `events`) publishes where
 * this plugin subscribes. The default mock gives each plugin its own.
 */
export function inProcessEventsService() {
  const subscribers: EventsServiceSubscribeOptions[] = [];
  const events: EventsService = {
    async publish(params) {
      await Promise.all(
        subscribers
          .filter(s => s.topics.includes(params.topic))
          .map(s => s.onEvent(params)),
      );
    },
    async subscribe(options) {
      subscribers.push(options);
    },
  };
  return createServiceFactory({
    service: eventsServiceRef,
    deps: {},
    factory: () => events,
  });
}
