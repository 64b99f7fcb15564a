import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/** At most `points` events per key in each window of `seconds` (whole seconds: stores keep windows as key expiries). */
export interface RateLimit {
  points: number;
  seconds: number;
}

/**
 * A token bucket: a key holds up to `capacity` tokens, each event takes one, and `perSecond` tokens
 * come back each second. A steady rate up to `perSecond` is never refused however its events bunch
 * (up to `capacity` at once); a sustained faster rate is. A fixed window refuses a steady rate whose
 * events drift into one window.
 */
export interface TokenBucket {
  capacity: number;
  perSecond: number;
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
  bucket(name: string, bucket: TokenBucket): KeyedLimiter;
}

/** Counts in this process's memory (rate-limiter-flexible's RateLimiterMemory); the token buckets on `now`. */
export class MemoryLimiterStore implements LimiterStore {
  constructor(private readonly now: () => number = Date.now) {}

  limiter(name: string, limit: RateLimit): KeyedLimiter {
    return keyedLimiter(new RateLimiterMemory({ keyPrefix: name, points: limit.points, duration: limit.seconds }), limit);
  }

  bucket(_name: string, bucket: TokenBucket): KeyedLimiter {
    return new MemoryTokenBuckets(bucket, this.now);
  }
}

/** Sweep full buckets (the same as none) once the table has grown by this many keys since the last sweep. */
const SWEEP_GROWTH = 1024;

/**
 * Token buckets in this process's memory (rate-limiter-flexible has none: its limiters count in
 * windows). Tokens are refilled when a key is next seen; full buckets are dropped now and then.
 */
export class MemoryTokenBuckets implements KeyedLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private sweepAt = SWEEP_GROWTH;

  constructor(
    private readonly bucket: TokenBucket,
    private readonly now: () => number = Date.now,
  ) {}

  async take(key: string): Promise<boolean> {
    const now = this.now();
    const tokens = this.tokens(key, now);
    if (tokens < 1) return false;
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size >= this.sweepAt) this.sweep(now);
    return true;
  }

  async retryAfterMs(key: string): Promise<number> {
    return msUntilToken(this.tokens(key, this.now()), this.bucket);
  }

  private tokens(key: string, now: number): number {
    const held = this.buckets.get(key);
    return held ? Math.min(this.bucket.capacity, held.tokens + ((now - held.at) / 1000) * this.bucket.perSecond) : this.bucket.capacity;
  }

  private sweep(now: number): void {
    for (const key of this.buckets.keys()) if (this.tokens(key, now) >= this.bucket.capacity) this.buckets.delete(key);
    this.sweepAt = this.buckets.size + SWEEP_GROWTH;
  }
}

/** 0 when a token is there, else how long until the next one. */
export function msUntilToken(tokens: number, bucket: TokenBucket): number {
  return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / bucket.perSecond) * 1000);
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

