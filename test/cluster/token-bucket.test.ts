// The per-delivery position limit is a token bucket (2 tokens, 1 back a second): a steady 1/s
// passes however its points bunch, a sustained 2/s does not. The same in one process's memory and
// in Redis, where every node draws from one bucket (while Redis is down: test/cluster/chat-message-limits.test.ts).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisConnections } from "@/server/cluster/redis-connections";
import { MemoryTokenBuckets, type KeyedLimiter, type TokenBucket } from "@/server/limits/limiter-store";
import { RedisLimiterStore } from "@/server/limits/redis-limiter-store";
import { log } from "@/server/log";
import { clusterTestsRun, TEST_REDIS_URL } from "../support/node-cluster";

const BUCKET: TokenBucket = { capacity: 2, perSecond: 1 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes at each offset (ms from the start), on `clock` or in real time; what each got. */
async function takesAt(limiter: KeyedLimiter, key: string, offsets: number[], clock?: { now: number }): Promise<boolean[]> {
  const start = clock ? 0 : Date.now();
  const taken: boolean[] = [];
  for (const at of offsets) {
    if (clock) clock.now = at;
    else await sleep(start + at - Date.now());
    taken.push(await limiter.take(key));
  }
  return taken;
}

/** A courier's 1-second timer, late by up to 0.9 s at random, then on time. */
const jitteredSeconds = (n: number) => Array.from({ length: n }, (_, i) => i * 1000 + (i % 3 === 1 ? 900 : Math.floor(Math.random() * 300)));

describe("token buckets in memory", () => {
  const clock = { now: 0 };
  const buckets = () => new MemoryTokenBuckets(BUCKET, () => clock.now);

  it("never refuses a steady 1/s however late its timer fires, lets a burst of 2 through and refuses the third", async () => {
    expect((await takesAt(buckets(), "d1", jitteredSeconds(60), clock)).every(Boolean)).toBe(true);
    // Late, then on time, then on time again: the gap closes to 0.
    expect(await takesAt(buckets(), "d1", [0, 1900, 2000, 2000], clock)).toEqual([true, true, true, false]);
  });

  it("refuses half of a sustained 2/s, each key on its own, and says how long until the next token", async () => {
    const limiter = buckets();
    const twice = Array.from({ length: 20 }, (_, i) => i * 500);
    const taken = await takesAt(limiter, "fast", twice, clock);
    // The first two from the full bucket, then one a second.
    expect(taken.filter(Boolean)).toHaveLength(2 + 9);
    expect(await limiter.retryAfterMs("fast")).toBe(500);
    expect(await limiter.retryAfterMs("other")).toBe(0);
    expect(await limiter.take("other")).toBe(true);
  });
});

const run = clusterTestsRun("the token buckets in Redis");

describe.skipIf(!run)("token buckets in Redis, shared by two nodes", () => {
  const prefix = `token-bucket-${randomBytes(4).toString("hex")}`;
  const connections: RedisConnections[] = [];
  let nodes: KeyedLimiter[] = [];

  beforeAll(async () => {
    for (const nodeId of ["one", "two"]) {
      const redis = new RedisConnections(TEST_REDIS_URL!, prefix, nodeId, log);
      await redis.connect();
      connections.push(redis);
    }
    nodes = connections.map((redis) => new RedisLimiterStore(redis).bucket("delivery_location", BUCKET));
  });
  afterAll(async () => {
    await connections[0]?.commands.del(...(await connections[0].commands.keys(`${prefix}:*`)), `${prefix}:none`);
    for (const redis of connections) await redis.close();
  });

  // Real time passes between two calls, however long the machine stalls: the assertions are the
  // bounds a bucket of 2 refilled at 1/s keeps over the elapsed time, not exact counts.
  const secondsSince = (start: number) => (Date.now() - start) / 1000;
  /** What is left of the second since `start` (less 2 ms: Date.now() and PTTL round to whole ms). */
  const restOfSecond = (start: number) => 1000 - (Date.now() - start) - 2;

  it("a burst of 2 through either node passes and the third is refused; a token comes back after a second", async () => {
    const [one, two] = nodes;
    const start = Date.now();
    const burst = [await one.take("d1"), await two.take("d1"), await one.take("d1"), await two.take("d1")];
    expect(burst.slice(0, 2)).toEqual([true, true]);
    const wait = await two.retryAfterMs("d1");
    // Empty after two: the next token is a second away, less whatever time has passed since.
    expect(wait).toBeGreaterThanOrEqual(restOfSecond(start));
    expect(wait).toBeLessThanOrEqual(1000);
    await sleep(wait + 20);
    const later = [await one.take("d1"), await two.take("d1")];
    expect(later[0]).toBe(true);
    expect([...burst, ...later].filter(Boolean).length).toBeLessThanOrEqual(2 + secondsSince(start));
    expect(await one.take("d2")).toBe(true);
  });

  it("a late timer's point, then one on time, through alternate nodes passes; a sustained 2/s is held to about 1/s", async () => {
    const either = () => nodes[Math.floor(Math.random() * 2)];
    const late: boolean[] = [];
    for (const gap of [0, 1900, 100, 1000, 1000]) {
      await sleep(gap);
      late.push(await either().take("late"));
    }
    expect(late).toEqual([true, true, true, true, true]);

    const started = Date.now();
    const fast: boolean[] = [];
    for (let i = 0; i < 10; i++) {
      fast.push(await either().take("fast"));
      await sleep(500);
    }
    // 2 from the full bucket, then one a second (a slow machine's longer sleeps bring a few more).
    expect(fast.filter(Boolean).length).toBeLessThanOrEqual(2 + secondsSince(started));
  }, 20_000);

  it("lets the bucket's key expire once it would be full again", async () => {
    const start = Date.now();
    expect(await nodes[0].take("expiring")).toBe(true);
    const ttl = await connections[0].commands.pttl(`${prefix}:bucket:delivery_location:expiring`);
    // Full again a second after the take (already gone, -2, only after a second's stall).
    expect(Math.max(ttl, 0)).toBeGreaterThanOrEqual(restOfSecond(start));
    expect(ttl).toBeLessThanOrEqual(1000);
  });
});
