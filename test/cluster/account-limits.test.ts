// Sign-in and sign-up limits hold across nodes: each node makes its limiters from its own Redis
// store (as start-app.ts does), and they count together. Without Redis, the same limits per process.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisConnections } from "@/server/cluster/redis-connections";
import { MemoryLimiterStore } from "@/server/limits/limiter-store";
import { RedisLimiterStore } from "@/server/limits/redis-limiter-store";
import { SignInLimiter, SignUpLimiter } from "@/server/limits/sign-in-limiter";
import { log } from "@/server/log";
import { clusterTestsRun, TEST_REDIS_URL } from "../support/node-cluster";

describe("account limits in one process", () => {
  it("five failed sign-ins of one name from one address pause it there only; a success never counts", async () => {
    const limiter = new SignInLimiter(new MemoryLimiterStore());
    for (let i = 0; i < 5; i++) {
      expect(await limiter.retryAfterSeconds("Owner1", "203.0.113.7")).toBe(0);
      await limiter.recordFailure("Owner1", "203.0.113.7");
    }
    expect(await limiter.retryAfterSeconds("owner1", "203.0.113.7")).toBeGreaterThan(14 * 60);
    expect(await limiter.retryAfterSeconds("owner1", "198.51.100.1")).toBe(0);
    expect(await limiter.retryAfterSeconds("user123", "203.0.113.7")).toBe(0);
  });

  it("ten accounts an hour from one address, other addresses unaffected", async () => {
    const limiter = new SignUpLimiter(new MemoryLimiterStore());
    for (let i = 0; i < 10; i++) {
      expect(await limiter.allowed("203.0.113.7")).toBe(true);
      await limiter.recordAccount("203.0.113.7");
    }
    expect(await limiter.allowed("203.0.113.7")).toBe(false);
    expect(await limiter.allowed("198.51.100.1")).toBe(true);
  });
});

const run = clusterTestsRun("the account limits across nodes");

describe.skipIf(!run)("account limits across two nodes sharing Redis", () => {
  const prefix = `account-limits-${randomBytes(4).toString("hex")}`;
  const connections: RedisConnections[] = [];
  const nodes: { signIn: SignInLimiter; signUp: SignUpLimiter }[] = [];

  beforeAll(async () => {
    for (const nodeId of ["one", "two"]) {
      const redis = new RedisConnections(TEST_REDIS_URL!, prefix, nodeId, log);
      await redis.connect();
      connections.push(redis);
      const store = new RedisLimiterStore(redis);
      nodes.push({ signIn: new SignInLimiter(store), signUp: new SignUpLimiter(store) });
    }
  });
  afterAll(async () => {
    for (const redis of connections) await redis.close();
  });

  it("failed sign-ins spread over both nodes pause the name on both", async () => {
    const [one, two] = nodes;
    for (let i = 0; i < 5; i++) await (i % 2 ? two : one).signIn.recordFailure("owner1", "203.0.113.9");
    expect(await one.signIn.retryAfterSeconds("owner1", "203.0.113.9")).toBeGreaterThan(0);
    expect(await two.signIn.retryAfterSeconds("owner1", "203.0.113.9")).toBeGreaterThan(0);
    expect(await two.signIn.retryAfterSeconds("owner1", "198.51.100.9")).toBe(0);
  });

  it("accounts made through either node count against one address", async () => {
    const [one, two] = nodes;
    for (let i = 0; i < 10; i++) await (i % 2 ? two : one).signUp.recordAccount("203.0.113.10");
    expect(await one.signUp.allowed("203.0.113.10")).toBe(false);
    expect(await two.signUp.allowed("203.0.113.10")).toBe(false);
  });
});
