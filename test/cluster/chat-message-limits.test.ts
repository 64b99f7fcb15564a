// Chat messages per user: CHAT_MESSAGES_PER_USER_PER_MINUTE over all of a user's sockets, counted in
// the store every node shares (Redis in a cluster), beside the per-socket limit each node counts alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisConnections } from "@/server/cluster/redis-connections";
import { RedisLimiterStore } from "@/server/limits/redis-limiter-store";
import { log } from "@/server/log";
import { useTestApp } from "../support/app";
import { useSocketPool } from "../support/channel-helpers";
import { limitRefusals, metricValue } from "../support/metrics";
import { clusterTestsRun, ownRedisServer, TEST_REDIS_URL } from "../support/node-cluster";
import { push } from "../support/phoenix";
import { useTwoNodes } from "../support/two-nodes";

const PER_USER = 3;
const MONITOR_TOKEN = "chat-limits-monitor-token";

describe("chat messages per user in one process", () => {
  const t = useTestApp({ CHAT_MESSAGES_PER_USER_PER_MINUTE: PER_USER });
  const pool = useSocketPool(t);
  const stored = async (content: string) =>
    (await t.app.context.db.selectFrom("chat_messages").select("id").where("content", "=", content).execute()).length;

  it("limits a user's messages over all their sockets, says which limit and when to retry, stores nothing refused, counts it", async () => {
    const refusedBefore = await limitRefusals(t, "chat_messages_per_user");
    const tabs = [await pool.joinAs("user123", "chat:room_abc123"), await pool.joinAs("user123", "chat:room_abc123")];
    for (let i = 0; i < PER_USER; i++) {
      expect((await push(tabs[i % 2].channel, "message", { content: `per user ${i}` })).status).toBe("ok");
    }
    // The other tab's socket is far under its own limit (10 per 2 s): the user's total refuses it.
    const refused = await push(tabs[1].channel, "message", { content: "one too many" });
    expect(refused.status).toBe("error");
    expect(refused.response).toMatchObject({ reason: "rate_limited", limit: "chat_messages_per_user" });
    expect(refused.response.retry_after_ms).toBeGreaterThan(50_000);
    expect(refused.response.retry_after_ms).toBeLessThanOrEqual(60_000);
    expect(await stored("one too many")).toBe(0);
    expect(await limitRefusals(t, "chat_messages_per_user")).toBe(refusedBefore + 1);

    // Another user is not affected.
    const other = await pool.joinAs("user456", "chat:room_abc123");
    expect((await push(other.channel, "message", { content: "someone else" })).status).toBe("ok");
  });
});

const run = clusterTestsRun("the chat message limits across nodes");

describe.skipIf(!run)("chat messages per user across two nodes sharing Redis", () => {
  const cluster = useTwoNodes("chat-limits", TEST_REDIS_URL!, { MONITOR_TOKEN, CHAT_MESSAGES_PER_USER_PER_MINUTE: String(PER_USER) });
  const { pool } = cluster;

  it("counts a user's messages through sockets on both nodes together", async () => {
    const onA = await pool.joined(cluster.a, "user123", "chat:room_abc123");
    const onB = await pool.joined(cluster.b, "user123", "chat:room_abc123");
    const replies = [];
    for (let i = 0; i < 2 * PER_USER; i++) replies.push(await push(i % 2 ? onB.channel : onA.channel, "message", { content: `both nodes ${i}` }, 5000));
    expect(replies.map((r) => r.status)).toEqual([...Array(PER_USER).fill("ok"), ...Array(PER_USER).fill("error")]);
    for (const refused of replies.slice(PER_USER)) expect(refused.response).toMatchObject({ reason: "rate_limited", limit: "chat_messages_per_user" });

    // Each node counts the refusals it made, under its own node label.
    const refusals = async (node: typeof cluster.a) => {
      const text = await (await fetch(`${node.url}/metrics`, { headers: { authorization: `Bearer ${MONITOR_TOKEN}` } })).text();
      return metricValue(text, "realtime_limit_refusals_total", { limit: "chat_messages_per_user", node: node.nodeId });
    };
    expect((await refusals(cluster.a)) + (await refusals(cluster.b))).toBe(PER_USER);
    // Someone else, through either node, still sends.
    const other = await pool.joined(cluster.b, "user456", "chat:room_abc123");
    expect((await push(other.channel, "message", { content: "someone else" }, 5000)).status).toBe("ok");
  });
});

describe.skipIf(!run)("shared limits while Redis is down", () => {
  let redis: Awaited<ReturnType<typeof ownRedisServer>>;
  let connections: RedisConnections;

  beforeAll(async () => {
    redis = await ownRedisServer();
    connections = new RedisConnections(redis.url, "insurance-test", "insurance-node", log);
    await connections.connect();
  });
  afterAll(async () => {
    await connections?.close();
    await redis?.stop();
  });

  // A window of 2 a minute (chat messages per user), and a token bucket of 2 (courier positions).
  const limiters = {
    window: () => new RedisLimiterStore(connections).limiter("chat_messages_per_user", { points: 2, seconds: 60 }),
    "token bucket": () => new RedisLimiterStore(connections).bucket("delivery_location", { capacity: 2, perSecond: 1 }),
  };

  it.each(Object.entries(limiters))("still hold, counted in the node's memory (the insurance limiter), and count in Redis again once it is back: %s", async (kind, make) => {
    const limiter = make();
    expect(await limiter.take(`before-${kind}`)).toBe(true);
    await redis.stop();
    const during = [await limiter.take("during"), await limiter.take("during"), await limiter.take("during")];
    expect(during).toEqual([true, true, false]);
    expect(await limiter.retryAfterMs("during")).toBeGreaterThan(0);

    await redis.start();
    // A fresh redis-server (nothing saved, no script known): counting there again, from zero.
    const deadline = Date.now() + 5000;
    while (connections.commands.status !== "ready" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await limiter.take(`after-${kind}`)).toBe(true);
    expect(await connections.commands.keys(`*after-${kind}*`)).toHaveLength(1);
  });
});
