import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/** At most `points` events per key in each window of `seconds` (whole seconds: stores keep windows as key expiries). */
export interface RateLimit {
  points: number;
  seconds: number;
}

/** One limit over many keys. A key's count expires with its window, so the table stays bounded. */
export interface KeyedLimiter {
  /** Counts one event for `key`; false when the key is over its limit. */
  take(key: string): Promise<boolean>;
  /** Without counting: 0 when `key` may act now, else how long until its window frees it. */
  retryAfterMs(key: string): Promise<number>;
}

/**
 * Where the counts live. Per-socket limits always count in this process (a socket lives on one
 * node); limits every node must share (per user, per delivery, per client address per minute)
 * use the store start-app.ts picks (Redis in a cluster: redis-limiter-store.ts).
 */
export interface LimiterStore {
  limiter(name: string, limit: RateLimit): KeyedLimiter;
}

/** Counts in this process's memory (rate-limiter-flexible's RateLimiterMemory). */
export class MemoryLimiterStore implements LimiterStore {
  limiter(name: string, limit: RateLimit): KeyedLimiter {
    return keyedLimiter(new RateLimiterMemory({ keyPrefix: name, points: limit.points, duration: limit.seconds }), limit);
  }
}

/** Over the limit is `false`; a store that fails (without insurance) throws. */
export function keyedLimiter(limiter: RateLimiterAbstract, limit: RateLimit): KeyedLimiter {
  return {
    retryAfterMs: async (key) => {
      const counted = await limiter.get(key);
      return counted && counted.consumedPoints >= limit.points ? counted.msBeforeNext : 0;
    },
    take: (key) =>
      limiter.consume(key).then(
        () => true,
        (refusal: unknown) => {
          if (refusal instanceof RateLimiterRes) return false;
          throw refusal;
        },
      ),
  };
}

