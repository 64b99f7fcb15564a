import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type { Channel, Socket } from "phoenix";
import { TokenVerifier } from "@/server/socket/auth";
import { clusterDatabase, startNodeProcess, type NodeProcess } from "./node-cluster";
import { join, phoenixSocket } from "./phoenix";
import { TEST_SECRET } from "./server";

const verifier = new TokenVerifier(TEST_SECRET);

/** Two node processes on one fresh database and one Redis prefix, the first started alone (it migrates and seeds). */
export async function twoNodes(name: string, redisUrl: string, env: Record<string, string> = {}) {
  const id = randomBytes(4).toString("hex");
  const database = await clusterDatabase();
  const shared = { DATABASE_URL: database.url, REDIS_URL: redisUrl, REDIS_PREFIX: `${name}-test-${id}`, JWT_SECRET: TEST_SECRET, ...env };
  const a = await startNodeProcess(`${name}-a-${id}`, shared);
  const b = await startNodeProcess(`${name}-b-${id}`, shared);
  return {
    a,
    b,
    async stop() {
      await Promise.all([a.stop(), b.stop()]);
      await database.dispose();
    },
  };
}

/** The official phoenix client's sockets straight to given nodes, all disconnected at once. */
export function nodeSocketPool() {
  const sockets: Socket[] = [];
  return {
    async joined(node: NodeProcess, userId: string, topic: string, params: object | (() => object) = {}): Promise<{ channel: Channel; reply: any }> {
      const socket = phoenixSocket(`ws://127.0.0.1:${node.port}/socket`, { token: await verifier.sign(userId) });
      sockets.push(socket);
      const channel = socket.channel(topic, params);
      const reply = await join(channel, 8000);
      expect(reply.status, `${userId} joins ${topic} on ${node.nodeId}`).toBe("ok");
      return { channel, reply: reply.response };
    },
    disconnectAll() {
      for (const socket of sockets.splice(0)) socket.disconnect();
    },
  };
}

/** This describe block's two nodes (started before its tests, stopped after) and its sockets (disconnected after each test). */
export function useTwoNodes(name: string, redisUrl: string, env: Record<string, string> = {}) {
  let cluster: Awaited<ReturnType<typeof twoNodes>> | null = null;
  const pool = nodeSocketPool();
  beforeAll(async () => {
    cluster = await twoNodes(name, redisUrl, env);
  }, 120_000);
  afterEach(() => pool.disconnectAll());
  afterAll(async () => {
    await cluster?.stop();
  });
  const started = () => {
    if (!cluster) throw new Error("the nodes start in beforeAll");
    return cluster;
  };
  return {
    get a() {
      return started().a;
    },
    get b() {
      return started().b;
    },
    pool,
  };
}
