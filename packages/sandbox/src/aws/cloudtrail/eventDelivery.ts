import { matchesEventPattern } from './eventRule';
import type { CloudTrailEventBridgeEvent } from './managementEvents';
import type { SqsQueue } from '../sqs/queue';

/**
 * EventBridge with one rule: the README's pattern, targeting the changes
 * queue. Delivery is at once; AWS takes seconds to a few minutes.
 */
export class EventDelivery {
  constructor(readonly queue: SqsQueue) {}

  deliver(event: CloudTrailEventBridgeEvent): void {
    if (matchesEventPattern(event)) this.queue.send(JSON.stringify(event));
  }
}
