import type { RateLimiter } from '@smithy/util-retry';

/** Never pace slower than this, whatever the service says. */
const MIN_RATE = 0.5;
/** Successes are counted over this window to learn what the service accepts. */
const WINDOW_MS = 1000;
/**
 * After a cut, throttles of requests that were already on their way say
 * nothing new; only a throttle after this long leads to another cut.
 */
const COOLDOWN_MS = 500;
/** A cut paces at this share of what the service accepted. */
const CUT = 0.85;
/** Growth per second between cuts, once the first cut has found the level. */
const GROWTH_PER_SECOND = 0.03;

/**
 * The client-side rate limiter of the SDK's adaptive retry strategy, tuned for
 * services throttled by a token bucket (EKS per account-region, IAM per
 * account), where a client that paces just below the refill rate loses
 * nothing: the bucket keeps the unused capacity for later.
 *
 * Unlimited until the first throttle, like the SDK's own limiter. Then it
 * paces at a quarter of the success rate of the last second (that second
 * includes the bucket's burst), doubles each second until the next throttle,
 * and from there on cuts to 85 % of the accepted rate on a throttle and grows
 * 3 % a second otherwise. The SDK's default limiter drops to 70 % of the
 * sending rate and starts from a near-zero measured rate, which leaves a
 * throttled API idle for long stretches.
 */
export class PacedRateLimiter implements RateLimiter {
  private rate = 0;
  private tokens = 0;
  private refilledAt = 0;
  private grownAt = 0;
  private lastCutAt = -Infinity;
  private slowStart = true;
  private readonly accepted: number[] = [];

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = ms =>
      new Promise(resolve => setTimeout(resolve, ms)),
  ) {}

  /** Requests per second it paces at; 0 while it does not pace. */
  get currentRate(): number {
    return this.rate;
  }

  async getSendToken(): Promise<void> {
    while (this.rate > 0) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(((1 - this.tokens) / this.rate) * 1000);
    }
  }

  updateClientSendingRate(response: any): void {
    const now = this.now();
    if (response?.errorType === 'THROTTLING') {
      this.onThrottled(now);
    } else {
      this.onAccepted(now);
    }
  }

  private onAccepted(now: number) {
    this.accepted.push(now);
    this.forgetBefore(now - WINDOW_MS);
    if (this.rate > 0) {
      this.refill();
      const seconds = (now - this.grownAt) / 1000;
      const grown =
        this.rate *
        (this.slowStart ? 2 ** seconds : 1 + GROWTH_PER_SECOND * seconds);
      // Growth is only earned by use: when the client itself is slower (busy
      // CPU, few requests to make), the rate must not run away and come back
      // as a burst of throttles.
      const acceptedRate = this.accepted.length / (WINDOW_MS / 1000);
      this.rate = Math.max(
        Math.min(grown, 2 * acceptedRate),
        Math.min(this.rate, grown),
      );
      this.grownAt = now;
    }
  }

  private onThrottled(now: number) {
    if (now - this.lastCutAt < COOLDOWN_MS) {
      return;
    }
    this.forgetBefore(now - WINDOW_MS);
    const acceptedRate = this.accepted.length / (WINDOW_MS / 1000);
    this.refill();
    if (this.rate === 0) {
      this.rate = Math.max(MIN_RATE, acceptedRate / 4);
      this.tokens = 0;
    } else {
      this.rate = Math.max(
        MIN_RATE,
        Math.min(this.rate, acceptedRate || this.rate) * CUT,
      );
      this.slowStart = false;
    }
    this.lastCutAt = now;
    this.grownAt = now;
    this.refilledAt = now;
  }

  // At most one token is kept, so pacing never turns into a burst.
  private refill() {
    const now = this.now();
    this.tokens = Math.min(
      1,
      this.tokens + ((now - this.refilledAt) / 1000) * this.rate,
    );
    this.refilledAt = now;
  }

  private forgetBefore(time: number) {
    let drop = 0;
    while (drop < this.accepted.length && this.accepted[drop] <= time) {
      drop++;
    }
    this.accepted.splice(0, drop);
  }
}
