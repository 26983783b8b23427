import { PacedRateLimiter } from './PacedRateLimiter';

const THROTTLED = { errorType: 'THROTTLING' };
const ACCEPTED = {};

/** A limiter on a hand-driven clock; sleeping advances the clock. */
function limiterOnClock() {
  let now = 0;
  const slept: number[] = [];
  const limiter = new PacedRateLimiter(
    () => now,
    async ms => {
      slept.push(ms);
      now += ms;
    },
  );
  return {
    limiter,
    slept,
    advance: (ms: number) => {
      now += ms;
    },
    accept: (count: number, overMs: number) => {
      for (let i = 0; i < count; i++) {
        now += overMs / count;
        limiter.updateClientSendingRate(ACCEPTED);
      }
    },
  };
}

describe('PacedRateLimiter', () => {
  it('does not pace until the service throttles', async () => {
    const { limiter, slept, accept } = limiterOnClock();
    accept(100, 1000);
    for (let i = 0; i < 50; i++) {
      await limiter.getSendToken();
    }
    expect(limiter.currentRate).toBe(0);
    expect(slept).toEqual([]);
  });

  it('starts pacing at a quarter of the accepted rate, then doubles each second', () => {
    const { limiter, accept } = limiterOnClock();
    accept(40, 1000);
    limiter.updateClientSendingRate(THROTTLED);
    expect(limiter.currentRate).toBe(10);
    accept(10, 1000);
    expect(limiter.currentRate).toBeCloseTo(20, 5);
  });

  it('ignores throttles of requests already in flight at a cut', () => {
    const { limiter, accept, advance } = limiterOnClock();
    accept(40, 1000);
    limiter.updateClientSendingRate(THROTTLED);
    advance(100);
    limiter.updateClientSendingRate(THROTTLED);
    expect(limiter.currentRate).toBe(10);
  });

  it('then cuts to 85 % of what the service accepted and grows 3 % a second', () => {
    const { limiter, accept, advance } = limiterOnClock();
    accept(80, 1000);
    limiter.updateClientSendingRate(THROTTLED);
    accept(20, 1000);
    expect(limiter.currentRate).toBeCloseTo(40, 5);
    limiter.updateClientSendingRate(THROTTLED);
    // 20 accepted in the last second; the rate was higher.
    expect(limiter.currentRate).toBeCloseTo(17, 5);
    advance(600);
    accept(10, 400);
    // Growth compounds per response, so a little over 3 %.
    expect(limiter.currentRate).toBeCloseTo(17 * 1.03, 2);
  });

  it('does not grow beyond twice the rate the client actually uses', () => {
    const { limiter, accept } = limiterOnClock();
    accept(40, 1000);
    limiter.updateClientSendingRate(THROTTLED);
    expect(limiter.currentRate).toBe(10);
    // A slow client: 3 requests a second. Once the burst has left the
    // one-second window, the rate stops growing.
    accept(3, 1000);
    const settled = limiter.currentRate;
    for (let second = 0; second < 4; second++) {
      accept(3, 1000);
    }
    expect(limiter.currentRate).toBe(settled);
    // Using it again earns growth again.
    accept(30, 1000);
    expect(limiter.currentRate).toBeGreaterThan(settled);
  });

  it('paces sends at the current rate without bursts', async () => {
    const { limiter, slept, accept } = limiterOnClock();
    accept(40, 1000);
    limiter.updateClientSendingRate(THROTTLED);
    for (let i = 0; i < 5; i++) {
      await limiter.getSendToken();
    }
    // 10 per second: each send waits for its tenth of a second.
    expect(slept.reduce((a, b) => a + b, 0)).toBeCloseTo(500, 5);
  });

  it('never goes below half a request per second', () => {
    const { limiter, advance } = limiterOnClock();
    advance(5000);
    limiter.updateClientSendingRate(THROTTLED);
    expect(limiter.currentRate).toBe(0.5);
  });
});
