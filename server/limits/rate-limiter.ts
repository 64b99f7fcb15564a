/** How many events a key may make: `perSecond` refill, up to `burst` at once. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/**
 * Token buckets keyed by string. A refused take changes nothing, so the caller can answer
 * `rate_limited` and drop the event.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  take(key: string, limit: RateLimit, now = Date.now()): boolean {
    const bucket = this.buckets.get(key);
    if (!bucket) {
      this.buckets.set(key, { tokens: limit.burst - 1, updatedAt: now });
      return true;
    }
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * limit.perSecond);
    bucket.updatedAt = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
