import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import type { Redis } from "ioredis";
import type { RedisConnections } from "../cluster/redis-connections";
import { keyedLimiter, MemoryTokenBuckets, msUntilToken, type KeyedLimiter, type LimiterStore, type RateLimit, type TokenBucket } from "./limiter-store";

/**
 * One bucket (a hash: tokens, and when they were counted, in Redis's own clock so every node
 * agrees) refilled and, with ARGV[3] = 1, taken from in one atomic step. Returns the tokens left as
 * a string (a Lua number would come back truncated to an integer) and whether one was taken. The
 * key expires when the bucket would be full again: a full bucket and no bucket are the same.
 */
const TOKEN_BUCKET_LUA = `
local capacity = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2]) / 1000
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local held = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = capacity
if held[1] then tokens = math.min(capacity, tonumber(held[1]) + (now - tonumber(held[2])) * perMs) end
local taken = 0
if ARGV[3] == '1' and tokens >= 1 then
  tokens = tokens - 1
  taken = 1
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / perMs))
end
return { taken, tostring(tokens) }
`;

type BucketReply = [taken: number, tokens: string];

/**
 * Limits every node shares, counted in Redis (rate-limiter-flexible's RateLimiterRedis: one atomic
 * script per event; token buckets with a script of our own). While Redis cannot be reached each
 * node counts in its own memory instead (the insurance limiter), so a limit is at worst per node
 * for the outage, never off.
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

  bucket(name: string, bucket: TokenBucket): KeyedLimiter {
    const insurance = new MemoryTokenBuckets(bucket);
    const prefix = this.redis.key("bucket", name);
    const commands = this.redis.commands as Redis & { tokenBucket?(key: string, capacity: number, perSecond: number, take: number): Promise<BucketReply> };
    // ioredis sends the script's hash (EVALSHA), and the script itself when Redis does not know it.
    if (!commands.tokenBucket) commands.defineCommand("tokenBucket", { numberOfKeys: 1, lua: TOKEN_BUCKET_LUA });
    const run = (key: string, take: boolean) => commands.tokenBucket!(`${prefix}:${key}`, bucket.capacity, bucket.perSecond, take ? 1 : 0);
    return {
      take: (key) => run(key, true).then(([taken]) => taken === 1, () => insurance.take(key)),
      retryAfterMs: (key) => run(key, false).then(([, tokens]) => msUntilToken(Number(tokens), bucket), () => insurance.retryAfterMs(key)),
    };
  }
}
