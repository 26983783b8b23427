import pLimit from 'p-limit';

/**
 * Bounds the calls a scan has in flight per throttling scope: EKS throttles
 * per account-region, IAM per account. Enough in flight to keep each throttled
 * API busy, few enough that the adaptive retry's rate limiter, not a pile of
 * queued retries, sets the pace.
 */
export class RequestLimiters {
  private readonly limits = new Map<string, pLimit.Limit>();

  constructor(private readonly concurrency: number) {}

  eks<T>(
    accountId: string,
    region: string,
    call: () => Promise<T>,
  ): Promise<T> {
    return this.limit(`eks/${accountId}/${region}`)(call);
  }

  iam<T>(accountId: string, call: () => Promise<T>): Promise<T> {
    return this.limit(`iam/${accountId}`)(call);
  }

  private limit(key: string): pLimit.Limit {
    let limit = this.limits.get(key);
    if (!limit) {
      limit = pLimit(this.concurrency);
      this.limits.set(key, limit);
    }
    return limit;
  }
}
