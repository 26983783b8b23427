import type { Config } from '@backstage/config';
import { accountOfArn } from '@pod-identity/plugin-eks-pod-identity-common';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { describeError } from '../aws/errors';
import { DefaultIamGateway, type IamGateway } from '../aws/IamGateway';
import type { RoleLastAccessedRecord } from '../inventory/types';

/** What one read of IAM's last-accessed reports gave. */
export interface LastAccessedRead {
  records: RoleLastAccessedRecord[];
  /** Roles whose report could not be had, with why (never credentials). */
  errors: Array<{ roleArn: string; error: string }>;
}

/**
 * Reads IAM's service last accessed reports of roles. Each report is an
 * asynchronous IAM job, so this is slow by nature and runs apart from the
 * inventory scan (its calls are not part of the scan's budget).
 */
export interface LastAccessedReader {
  read(roleArns: string[], signal?: AbortSignal): Promise<LastAccessedRead>;
}

export interface DefaultLastAccessedReaderOptions {
  /** Reports running at once (default 4): IAM throttles the job APIs per account. */
  concurrency?: number;
  /** First wait between polls of a job; it doubles up to 10 s (default 1 s). */
  pollIntervalMs?: number;
  /** A job still IN_PROGRESS after this long is given up (default 5 min). */
  jobTimeoutMs?: number;
}

const MAX_POLL_MS = 10_000;

function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class DefaultLastAccessedReader implements LastAccessedReader {
  static fromConfig(
    config: Config,
    options?: DefaultLastAccessedReaderOptions & { clients?: AwsClientFactory },
  ): DefaultLastAccessedReader {
    return new DefaultLastAccessedReader(
      DefaultIamGateway.fromConfig(config, options),
      options,
    );
  }

  constructor(
    private readonly iam: IamGateway,
    private readonly options: DefaultLastAccessedReaderOptions = {},
  ) {}

  async read(roleArns: string[], signal?: AbortSignal) {
    const result: LastAccessedRead = { records: [], errors: [] };
    const queue = [...new Set(roleArns)];
    const worker = async () => {
      for (let arn = queue.shift(); arn; arn = queue.shift()) {
        signal?.throwIfAborted();
        try {
          result.records.push(await this.readOne(arn, signal));
        } catch (error) {
          signal?.throwIfAborted();
          result.errors.push({ roleArn: arn, error: describeError(error) });
        }
      }
    };
    const workers = Math.max(1, this.options.concurrency ?? 4);
    await Promise.all(Array.from({ length: workers }, worker));
    result.records.sort((a, b) => a.roleArn.localeCompare(b.roleArn));
    return result;
  }

  private async readOne(
    roleArn: string,
    signal?: AbortSignal,
  ): Promise<RoleLastAccessedRecord> {
    const accountId = accountOfArn(roleArn);
    if (!accountId) {
      throw new TypeError(`"${roleArn}" is not an ARN that names an account.`);
    }
    const jobId = await this.iam.generateServiceLastAccessedDetails(
      accountId,
      roleArn,
    );
    const deadline = Date.now() + (this.options.jobTimeoutMs ?? 300_000);
    let wait = this.options.pollIntervalMs ?? 1000;
    for (;;) {
      const job = await this.iam.getServiceLastAccessedDetails(
        accountId,
        jobId,
      );
      if (job.status === 'COMPLETED') {
        return {
          roleArn,
          reportedAt: job.completedAt,
          services: job.services,
        };
      }
      if (job.status === 'FAILED') {
        throw new Error(`IAM could not report on ${roleArn}: ${job.error}`);
      }
      if (Date.now() + wait > deadline) {
        throw new Error(
          `IAM's last accessed report of ${roleArn} was still in progress after ${Math.round(
            (this.options.jobTimeoutMs ?? 300_000) / 1000,
          )} s`,
        );
      }
      await sleep(wait, signal);
      wait = Math.min(wait * 2, MAX_POLL_MS);
    }
  }
}
