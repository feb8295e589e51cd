export interface RateLimiterOptions {
  /** Sustained requests per second per key. */
  ratePerSecond: number;
  /** Requests a key may make at once after being idle. */
  burst: number;
  now?: () => number;
}

/**
 * A token bucket per caller key. `take(key)` returns 0 when the request may proceed, else the milliseconds until a
 * token is available (the retry hint sent with RATE_LIMITED). Idle buckets are dropped so memory stays bounded.
 */
export function createRateLimiter({ ratePerSecond, burst, now = Date.now }: RateLimiterOptions) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastSweep = now();

  return {
    take(key: string): number {
      const t = now();
      if (t - lastSweep > 60_000) {
        for (const [k, b] of buckets) if (b.tokens + ((t - b.at) / 1000) * ratePerSecond >= burst) buckets.delete(k);
        lastSweep = t;
      }
      const bucket = buckets.get(key) ?? { tokens: burst, at: t };
      bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * ratePerSecond);
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - bucket.tokens) / ratePerSecond) * 1000);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
