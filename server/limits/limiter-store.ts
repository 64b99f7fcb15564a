import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Config } from "../config";

/** At most `points` events per key in each window of `seconds` (whole seconds: stores keep windows as key expiries). */
export interface RateLimit {
  points: number;
  seconds: number;
}

/** One limit over many keys. A key's count expires with its window, so the table stays bounded. */
export interface KeyedLimiter {
  /** Counts one event for `key`; false when the key is over its limit. */
  take(key: string): Promise<boolean>;
}

/**
 * Where the counts live. Per-socket limits always count in this process (a socket lives on one
 * node); limits every node must share (per user, per delivery, per client address per minute)
 * use the store `createLimiterStore` picks.
 */
export interface LimiterStore {
  limiter(name: string, limit: RateLimit): KeyedLimiter;
}

/** Counts in this process's memory (rate-limiter-flexible's RateLimiterMemory). */
export class MemoryLimiterStore implements LimiterStore {
  limiter(name: string, limit: RateLimit): KeyedLimiter {
    const limiter = new RateLimiterMemory({ keyPrefix: name, points: limit.points, duration: limit.seconds });
    return {
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
}

/** The store of the limits every node shares: this process's memory (one node, or per node behind sticky sessions). */
export function createLimiterStore(_config: Config): LimiterStore {
  return new MemoryLimiterStore();
}
