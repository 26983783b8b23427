import { AwsError } from '../errors';
import type { Caller } from '../context';
import { DEFAULT_VISIBILITY_TIMEOUT_SECONDS, type SqsQueue } from './queue';

type Input = Record<string, unknown>;
type Handler = (
  input: Input,
  queue: SqsQueue,
) => Promise<Record<string, unknown>> | Record<string, unknown>;

/** The `X-Amz-Target` prefix of SQS's AWS JSON 1.0 protocol. */
export const SQS_TARGET_PREFIX = 'AmazonSQS.';

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter(v => typeof v === 'string') : [];

const invalid = (message: string) =>
  new AwsError('InvalidParameterValue', 400, message);

function integer(input: Input, name: string, min: number, max: number) {
  const value = input[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalid(
      `Value for parameter ${name} is invalid. Reason: must be an integer.`,
    );
  }
  if (value < min || value > max) {
    throw invalid(
      `Value ${value} for parameter ${name} is invalid. Reason: Must be between ${min} and ${max}.`,
    );
  }
  return value;
}

function requiredString(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') {
    throw new AwsError(
      'MissingParameter',
      400,
      `The request must contain the parameter ${name}.`,
    );
  }
  return value;
}

/** The subset the events backend's AWS SQS module, the tests and the benchmark use. */
const HANDLERS: Record<string, Handler> = {
  async ReceiveMessage(input, queue) {
    const messages = await queue.receive({
      max: integer(input, 'MaxNumberOfMessages', 1, 10) ?? 1,
      visibilityTimeoutSeconds:
        integer(input, 'VisibilityTimeout', 0, 43_200) ??
        DEFAULT_VISIBILITY_TIMEOUT_SECONDS,
      waitSeconds: integer(input, 'WaitTimeSeconds', 0, 20) ?? 0,
    });
    const wanted = new Set([
      ...stringList(input.AttributeNames),
      ...stringList(input.MessageSystemAttributeNames),
    ]);
    // As SQS: system attributes only when asked for, by name or as All.
    return {
      Messages: messages.map(({ Attributes, ...message }) => {
        const picked = Object.entries(Attributes).filter(
          ([name]) => wanted.has('All') || wanted.has(name),
        );
        return picked.length
          ? { ...message, Attributes: Object.fromEntries(picked) }
          : message;
      }),
    };
  },
  DeleteMessage(input, queue) {
    if (!queue.delete(requiredString(input, 'ReceiptHandle'))) {
      throw new AwsError(
        'ReceiptHandleIsInvalid',
        400,
        'The input receipt handle is invalid.',
      );
    }
    return {};
  },
  DeleteMessageBatch(input, queue) {
    const entries = Array.isArray(input.Entries)
      ? (input.Entries as Array<{ Id?: string; ReceiptHandle?: string }>)
      : [];
    if (entries.length === 0 || entries.length > 10) {
      throw new AwsError(
        entries.length ? 'TooManyEntriesInBatchRequest' : 'EmptyBatchRequest',
        400,
        'A batch holds 1 to 10 entries.',
      );
    }
    const Successful: Array<{ Id: string }> = [];
    const Failed: Array<Record<string, unknown>> = [];
    for (const entry of entries) {
      if (entry.ReceiptHandle && queue.delete(entry.ReceiptHandle)) {
        Successful.push({ Id: entry.Id ?? '' });
      } else {
        Failed.push({
          Id: entry.Id ?? '',
          SenderFault: true,
          Code: 'ReceiptHandleIsInvalid',
          Message: 'The input receipt handle is invalid.',
        });
      }
    }
    return { Successful, Failed };
  },
  SendMessage(input, queue) {
    return queue.send(requiredString(input, 'MessageBody'));
  },
  GetQueueAttributes(_input, queue) {
    return { Attributes: queue.attributes() };
  },
};

/** Runs one SQS operation for a caller of the queue's own account. */
export async function runSqsOperation(options: {
  target: string | undefined;
  input: Input;
  caller: Caller;
  queues: SqsQueue[];
}): Promise<{ operation: string; result: Record<string, unknown> }> {
  const operation = (options.target ?? '').startsWith(SQS_TARGET_PREFIX)
    ? options.target!.slice(SQS_TARGET_PREFIX.length)
    : '';
  const handler = HANDLERS[operation];
  if (!handler) {
    throw new AwsError(
      'InvalidAction',
      400,
      `The sandbox's SQS does not serve ${options.target ?? 'this request'}`,
    );
  }
  const url = requiredString(options.input, 'QueueUrl');
  const path = new URL(url, 'http://queue').pathname;
  const queue = options.queues.find(
    q =>
      new URL(q.url).pathname === path &&
      q.accountId === options.caller.account.id,
  );
  if (!queue) {
    // What SQS answers for another account's queue too.
    throw new AwsError(
      'QueueDoesNotExist',
      400,
      'The specified queue does not exist or you do not have access to it.',
    );
  }
  return { operation, result: await handler(options.input, queue) };
}

/** An AWS JSON 1.0 error body, with SQS's query-compatible code header. */
export function sqsErrorResponse(error: AwsError, requestId: string) {
  return {
    status: error.status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': requestId,
      'x-amzn-query-error': `${error.code};${
        error.status < 500 ? 'Sender' : 'Receiver'
      }`,
    },
    body: JSON.stringify({
      __type: `com.amazonaws.sqs#${error.code}`,
      message: error.message,
    }),
  };
}
