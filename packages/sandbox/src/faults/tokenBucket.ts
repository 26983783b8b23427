import type { TokenBucket as TokenBucketConfig } from '../types';

/** Classic token bucket: `burst` tokens at most, refilled at `ratePerSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;

  constructor(private readonly config: TokenBucketConfig, now = Date.now()) {
    if (!(config.ratePerSecond > 0)) {
      throw new Error(
        `Throttle ratePerSecond must be a positive number, got ${config.ratePerSecond}`,
      );
    }
    this.capacity =
      config.burst ?? Math.max(1, Math.ceil(config.ratePerSecond));
    this.tokens = this.capacity;
    this.last = now;
  }

  /** Takes a token; false when the caller must be throttled. */
  take(now = Date.now()): boolean {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.tokens = Math.min(
      this.capacity,
      this.tokens + elapsed * this.config.ratePerSecond,
    );
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
