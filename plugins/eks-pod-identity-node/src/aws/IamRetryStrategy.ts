import { AdaptiveRetryStrategy } from '@smithy/util-retry';

type RefreshArgs = Parameters<
  AdaptiveRetryStrategy['refreshRetryTokenForRetry']
>;

/**
 * IAM answers a full quota (managed policies per role, inline policy size)
 * with `LimitExceededException`, HTTP 409. The SDK lists that name among its
 * throttling codes (other services use it for rates), so an IAM call over a
 * quota would be retried with backoff until the attempts ran out, and the
 * client's rate limiter cut for a limit no retry can lift.
 */
const IAM_QUOTA_ERROR = 'LimitExceededException';

/**
 * The SDK's adaptive retry strategy for IAM clients: a quota error fails at
 * once as a client error, so a scaffolder action reports it straight away.
 */
export class IamRetryStrategy extends AdaptiveRetryStrategy {
  async refreshRetryTokenForRetry(
    token: RefreshArgs[0],
    errorInfo: RefreshArgs[1],
  ) {
    const name = (errorInfo.error as { name?: string } | undefined)?.name;
    return super.refreshRetryTokenForRetry(
      token,
      name === IAM_QUOTA_ERROR
        ? { ...errorInfo, errorType: 'CLIENT_ERROR' }
        : errorInfo,
    );
  }
}
