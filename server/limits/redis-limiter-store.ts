import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import type { RedisConnections } from "../cluster/redis-connections";
import { keyedLimiter, type KeyedLimiter, type LimiterStore, type RateLimit } from "./limiter-store";

/**
 * Limits every node shares, counted in Redis (rate-limiter-flexible's RateLimiterRedis: one atomic
 * script per event). While Redis cannot be reached each node counts in its own memory instead
 * (the insurance limiter), so a limit is at worst per node for the outage, never off.
 */
export class RedisLimiterStore implements LimiterStore {
  constructor(private readonly redis: RedisConnections) {}

  limiter(name: string, limit: RateLimit): KeyedLimiter {
    const options = { points: limit.points, duration: limit.seconds };
    return keyedLimiter(
      new RateLimiterRedis({
        ...options,
        storeClient: this.redis.commands,
        keyPrefix: this.redis.key("limit", name),
        insuranceLimiter: new RateLimiterMemory({ ...options, keyPrefix: name }),
      }),
      limit,
    );
  }
}
