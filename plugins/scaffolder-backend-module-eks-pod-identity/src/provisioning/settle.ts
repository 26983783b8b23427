import type { LoggerService } from '@backstage/backend-plugin-api';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How long to wait for AWS to settle: IAM documents that a new role can take
 * a few seconds to reach other services, and EKS that association changes
 * are eventually consistent. Six attempts over about eleven seconds.
 */
export const SETTLE_ATTEMPTS = 6;
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 4000;

/**
 * Calls `fn` until it succeeds or fails with something other than AWS still
 * settling (`settling(error)` answers why it is, or undefined), at most
 * SETTLE_ATTEMPTS times, logging each wait. The last error is rethrown as it came.
 */
export async function retryWhileSettling<T>(
  logger: LoggerService,
  fn: () => Promise<T>,
  settling: (error: unknown) => Promise<string | undefined>,
  options: { attempts?: number; firstDelayMs?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? SETTLE_ATTEMPTS;
  let delay = options.firstDelayMs ?? FIRST_DELAY_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const why = attempt < attempts ? await settling(error) : undefined;
      if (!why) throw error;
      logger.info(
        `${why}; AWS is eventually consistent, retrying in ${delay} ms (attempt ${
          attempt + 1
        } of ${attempts})`,
      );
      await sleep(delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }
}
