import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** SQS's default for a queue's visibility timeout. */
export const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;
/** How often a long poll looks again for a message whose visibility timeout ran out. */
const LONG_POLL_RECHECK_MS = 100;

type StoredMessage = {
  messageId: string;
  body: string;
  md5OfBody: string;
  sentAt: number;
  /** Until then no receiver gets it (received and not yet deleted). */
  invisibleUntil: number;
  receiptHandle?: string;
  receiveCount: number;
};

export type ReceivedMessage = {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes: Record<string, string>;
};

/**
 * One standard SQS queue: a received message stays invisible to every other
 * receiver until it is deleted or its visibility timeout passes, which is
 * what keeps two consumers from both processing it.
 */
export class SqsQueue {
  private messages: StoredMessage[] = [];
  private arrivals: Array<() => void> = [];
  private closed = false;

  constructor(
    readonly name: string,
    readonly accountId: string,
    readonly region: string,
    /** Set once the server listens (the host is known then). */
    public url: string,
  ) {}

  get arn(): string {
    return `arn:aws:sqs:${this.region}:${this.accountId}:${this.name}`;
  }

  send(body: string): { MessageId: string; MD5OfMessageBody: string } {
    const message: StoredMessage = {
      messageId: randomUUID(),
      body,
      md5OfBody: createHash('md5').update(body, 'utf8').digest('hex'),
      sentAt: Date.now(),
      invisibleUntil: 0,
      receiveCount: 0,
    };
    this.messages.push(message);
    const waiting = this.arrivals;
    this.arrivals = [];
    waiting.forEach(wake => wake());
    return {
      MessageId: message.messageId,
      MD5OfMessageBody: message.md5OfBody,
    };
  }

  /** ReceiveMessage: waits up to `waitSeconds` for at least one visible message. */
  async receive(options: {
    max: number;
    visibilityTimeoutSeconds: number;
    waitSeconds: number;
  }): Promise<ReceivedMessage[]> {
    const deadline = Date.now() + options.waitSeconds * 1000;
    for (;;) {
      const taken = this.take(options.max, options.visibilityTimeoutSeconds);
      const left = deadline - Date.now();
      if (taken.length > 0 || left <= 0 || this.closed) return taken;
      await new Promise<void>(resolve => {
        this.arrivals.push(resolve);
        sleep(Math.min(left, LONG_POLL_RECHECK_MS)).then(resolve);
      });
    }
  }

  /** Deletes the message last received with this handle; false when there is none. */
  delete(receiptHandle: string): boolean {
    const index = this.messages.findIndex(
      m => m.receiptHandle === receiptHandle,
    );
    if (index < 0) return false;
    this.messages.splice(index, 1);
    return true;
  }

  attributes(): Record<string, string> {
    const now = Date.now();
    const inFlight = this.messages.filter(m => m.invisibleUntil > now).length;
    return {
      ApproximateNumberOfMessages: String(this.messages.length - inFlight),
      ApproximateNumberOfMessagesNotVisible: String(inFlight),
      QueueArn: this.arn,
      VisibilityTimeout: String(DEFAULT_VISIBILITY_TIMEOUT_SECONDS),
    };
  }

  /** Ends pending long polls (the sandbox is stopping). */
  close(): void {
    this.closed = true;
    this.arrivals.forEach(wake => wake());
    this.arrivals = [];
  }

  private take(max: number, visibilityTimeoutSeconds: number) {
    const now = Date.now();
    const visible = this.messages
      .filter(m => m.invisibleUntil <= now)
      .slice(0, max);
    return visible.map(m => {
      m.invisibleUntil = now + visibilityTimeoutSeconds * 1000;
      m.receiptHandle = randomUUID();
      m.receiveCount += 1;
      return {
        MessageId: m.messageId,
        ReceiptHandle: m.receiptHandle,
        MD5OfBody: m.md5OfBody,
        Body: m.body,
        Attributes: {
          ApproximateReceiveCount: String(m.receiveCount),
          SentTimestamp: String(m.sentAt),
        },
      };
    });
  }
}
