// Channels joined on several nodes count once in /monitor/connections, however many topics there are:
// two node directories on a real Redis, each with thousands of topics, half of them shared.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisConnections } from "@/server/cluster/redis-connections";
import { log } from "@/server/log";
import { clusterReport } from "@/server/monitor/connections";
import { RedisNodeDirectory, type NodeFigures } from "@/server/monitor/node-directory";
import { clusterTestsRun, TEST_REDIS_URL } from "../support/node-cluster";

const run = clusterTestsRun("the cluster topic counts");
const PER_NODE = 20_000;

/** A node's figures as its report would give them for `topics` (the fields the totals read). */
function figuresFor(node: string, topics: readonly string[]): NodeFigures {
  const count = (prefix: string) => topics.filter((t) => t.startsWith(prefix)).length;
  return {
    node,
    active_connections: topics.length,
    chat_channels: count("chat:"),
    delivery_channels: count("delivery:"),
    feed_channels: count("feed:"),
    notification_channels: count("notifications:"),
    chat_topics: [],
    delivery_topics: [],
    joined_channels: {},
    transports: { websocket: topics.length, longpoll: 0 },
    messages_in_per_second: 0,
    messages_out_per_second: 0,
    busiest_topics: [],
    memory: { rss: 0, heap_used: 0 },
    uptime_seconds: 0,
  };
}

describe.skipIf(!run)("distinct topics over the nodes (HyperLogLog per node)", () => {
  const prefix = `topic-counts-${randomBytes(4).toString("hex")}`;
  const connections: RedisConnections[] = [];
  const directories: RedisNodeDirectory[] = [];

  beforeAll(async () => {
    // Node one: users 0..19,999; node two: users 10,000..29,999 (10,000 on both); one shared room.
    const topicsOf = (from: number) => [...Array.from({ length: PER_NODE }, (_, i) => `feed:user_u${from + i}`), "chat:room_shared"];
    for (const [node, from] of [["one", 0], ["two", PER_NODE / 2]] as const) {
      const redis = new RedisConnections(TEST_REDIS_URL!, prefix, node, log);
      await redis.connect();
      connections.push(redis);
      const topics = topicsOf(from);
      const directory = new RedisNodeDirectory(redis, node, log);
      directory.start(() => figuresFor(node, topics), () => topics);
      directories.push(directory);
    }
  });
  afterAll(async () => {
    for (const directory of directories) await directory.close();
    for (const redis of connections) await redis.close();
  });

  it("counts a topic on both nodes once, within 1% for tens of thousands, in a few kilobytes of Redis per node", async () => {
    let cluster = await directories[0].list();
    const deadline = Date.now() + 5000;
    while ((cluster.nodes.length < 2 || cluster.distinctTopics.feed === 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      cluster = await directories[0].list();
    }
    const report = clusterReport(cluster.nodes, cluster.distinctTopics);
    expect(report.nodes.map((n) => n.feed_channels)).toEqual([PER_NODE, PER_NODE]);
    expect(report.chat_channels).toBe(1);
    const distinct = PER_NODE * 1.5;
    expect(Math.abs(report.feed_channels - distinct) / distinct).toBeLessThan(0.01);
    // A HyperLogLog is 12 KB of registers at most (plus the key), whatever the number of names in it.
    const bytes = await connections[0].commands.memory("USAGE", connections[0].key("topics", "feed", "one"));
    expect(bytes).toBeLessThan(16 * 1024);
    console.log(`${PER_NODE} feed topics per node, ${distinct} distinct: counted ${report.feed_channels}, ${bytes} bytes of Redis per node`);
  });
});
