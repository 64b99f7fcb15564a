// The Redis relay itself, between two in-process nodes: binary payloads, own messages, and which
// Redis channels a node listens on.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { RedisConnections } from "@/server/cluster/redis-connections";
import { log } from "@/server/log";
import { RedisRelay } from "@/server/pubsub/redis-relay";
import { clusterTestsRun, TEST_REDIS_URL } from "../support/node-cluster";
import { join, nextEvent, phoenixSocket, push, waitFor } from "../support/phoenix";
import { startTestServer, type TestServer } from "../support/server";

const run = clusterTestsRun("the Redis relay tests");

describe.skipIf(!run)("the Redis relay between two nodes", () => {
  const prefix = `relay-unit-${randomBytes(4).toString("hex")}`;
  const nodes: { server: TestServer; redis: RedisConnections }[] = [];
  let inspector: Redis;

  beforeAll(async () => {
    for (const nodeId of ["one", "two"]) {
      const redis = new RedisConnections(TEST_REDIS_URL!, prefix, nodeId, log);
      await redis.connect();
      const server = await startTestServer({ config: { NODE_ID: nodeId }, pubsubAdapter: new RedisRelay(redis, nodeId) });
      nodes.push({ server, redis });
    }
    inspector = new Redis(TEST_REDIS_URL!);
  });
  afterAll(async () => {
    for (const { server, redis } of nodes) {
      await server.close();
      await redis.close();
    }
    inspector?.disconnect();
  });

  const listeners = async (topic: string) => {
    const [, count] = (await inspector.pubsub("NUMSUB", `${prefix}:topic:${topic}`)) as [string, number];
    return count;
  };

  it("carries a binary broadcast to the other node, and the sender's node delivers it once", async () => {
    const [one, two] = nodes.map((n) => phoenixSocket(n.server.wsUrl));
    const here = one.channel("room:relay-binary", {});
    const there = two.channel("room:relay-binary", {});
    await join(here);
    await join(there);
    const hereFrames: ArrayBuffer[] = [];
    here.on("shouted", (b: ArrayBuffer) => void hereFrames.push(b));
    const received = nextEvent<ArrayBuffer>(there, "shouted", 5000);
    expect((await push(here, "shout", new Uint8Array([0, 1, 254, 255]).buffer)).status).toBe("ok");
    expect([...new Uint8Array(await received)]).toEqual([0, 1, 254, 255]);
    await new Promise((r) => setTimeout(r, 200));
    expect(hereFrames).toHaveLength(1);
    one.disconnect();
    two.disconnect();
  });

  it("listens on a topic's Redis channel only while the node has subscribers on it", async () => {
    const topic = "room:relay-interest";
    expect(await listeners(topic)).toBe(0);
    const socket = phoenixSocket(nodes[0].server.wsUrl);
    const channel = socket.channel(topic, {});
    await join(channel);
    expect(await listeners(topic)).toBe(1);
    await new Promise<void>((resolve) => channel.leave().receive("ok", () => resolve()));
    const deadline = Date.now() + 3000;
    while ((await listeners(topic)) !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await listeners(topic)).toBe(0);
    socket.disconnect();
  });

  it("drops only its own broadcasts: a node whose id begins with another's still hears that one", async () => {
    const topic = "room:relay-prefix";
    const heard = new Map<string, unknown[]>();
    const relays: { relay: RedisRelay; redis: RedisConnections }[] = [];
    for (const nodeId of ["n", "n-b"]) {
      const redis = new RedisConnections(TEST_REDIS_URL!, prefix, nodeId, log);
      await redis.connect();
      const relay = new RedisRelay(redis, nodeId);
      heard.set(nodeId, []);
      await relay.start({ deliver: (_topic, _event, payload) => void heard.get(nodeId)!.push(payload), resync: () => undefined });
      await relay.subscribe(topic);
      relays.push({ relay, redis });
    }
    try {
      relays[0].relay.publish(topic, "said", { from: "n" });
      relays[1].relay.publish(topic, "said", { from: "n-b" });
      await waitFor(() => heard.get("n")!.length > 0 && heard.get("n-b")!.length > 0);
      await new Promise((r) => setTimeout(r, 200));
      expect(heard.get("n")).toEqual([{ from: "n-b" }]);
      expect(heard.get("n-b")).toEqual([{ from: "n" }]);
    } finally {
      for (const { relay, redis } of relays) {
        relay.unsubscribe(topic);
        await relay.close();
        await redis.close();
      }
    }
  });
});
