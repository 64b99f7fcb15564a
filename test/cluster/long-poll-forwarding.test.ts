// Long-poll without sticky sessions: two server processes sharing Redis, a balancer that sends
// every request to the next node, and the official phoenix client's LongPoll transport.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "phoenix";
import { sessionOwner } from "@/server/transport/long-poll-sessions";
import { TokenVerifier } from "@/server/socket/auth";
import { roundRobinProxy, startNodeProcess, type NodeProcess } from "../support/node-cluster";
import { join, nextEvent, phoenixSocket, push, waitFor } from "../support/phoenix";
import { TEST_SECRET } from "../support/server";

const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl) console.log("skipping the long-poll forwarding tests: TEST_REDIS_URL is not set (they need a Redis server)");

describe.skipIf(!redisUrl)("long-poll across two nodes", () => {
  const run = randomBytes(4).toString("hex");
  const verifier = new TokenVerifier(TEST_SECRET);
  const dir = mkdtempSync(path.join(tmpdir(), "design-lp-"));
  let nodes: NodeProcess[] = [];
  let proxy: Awaited<ReturnType<typeof roundRobinProxy>>;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const env = {
      DATABASE_URL: `file:${path.join(dir, "shared.db")}`,
      REDIS_URL: redisUrl!,
      REDIS_PREFIX: `design-test-${run}`,
      JWT_SECRET: TEST_SECRET,
      LONGPOLL_WINDOW_MS: "2000",
    };
    // One after the other: the first migrates and seeds the shared database.
    nodes.push(await startNodeProcess(`lp-a-${run}`, env));
    nodes.push(await startNodeProcess(`lp-b-${run}`, env));
    proxy = await roundRobinProxy(() => nodes);
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await proxy?.close();
    await Promise.all(nodes.map((n) => n.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves a session's polls and posts from either node, and chat flows both ways", async () => {
    const viaBalancer = phoenixSocket(`${proxy.url}/socket`, { token: await verifier.sign("user123"), longPoll: true });
    sockets.push(viaBalancer);
    const poller = viaBalancer.channel("chat:room_12345", {});
    expect((await join(poller)).status).toBe("ok");

    // The websocket client sits on the node that owns the long-poll session (broadcasts do not
    // cross nodes in this test); its frames reach the poller through polls landing on both nodes.
    const owner = nodes.find((n) => n.nodeId === sessionOwner(longPollToken(viaBalancer)))!;
    expect(owner).toBeDefined();
    const direct = phoenixSocket(`ws://127.0.0.1:${owner.port}/socket`, { token: await verifier.sign("owner1") });
    sockets.push(direct);
    const talker = direct.channel("chat:room_12345", {});
    expect((await join(talker)).status).toBe("ok");

    for (let i = 0; i < 4; i++) {
      const toPoller = nextEvent(poller, "new_message", 8000);
      expect((await push(talker, "message", { content: `from the websocket ${i}` }, 8000)).status).toBe("ok");
      expect((await toPoller).content).toBe(`from the websocket ${i}`);
      const toTalker = nextEvent(talker, "new_message", 8000);
      expect((await push(poller, "message", { content: `from long-poll ${i}` }, 8000)).status).toBe("ok");
      expect((await toTalker).content).toBe(`from long-poll ${i}`);
    }
    // Both nodes took requests of that one session.
    expect(proxy.landed[0]).toBeGreaterThan(2);
    expect(proxy.landed[1]).toBeGreaterThan(2);
  }, 60_000);

  it("answers 410 for a session whose node is gone, and opens a new one on a live node", async () => {
    const [nodeA, nodeB] = nodes;
    const opened = await (await fetch(`${nodeA.url}/socket/longpoll?vsn=2.0.0`)).json();
    expect(opened.status).toBe(410);
    expect(sessionOwner(opened.token)).toBe(nodeA.nodeId);
    // Alive, the owner answers a post that landed on node B.
    const heartbeat = JSON.stringify(["1", "1", "phoenix", "heartbeat", {}]);
    const post = (token: string) =>
      fetch(`${nodeB.url}/socket/longpoll?vsn=2.0.0&token=${token}`, { method: "POST", body: heartbeat }).then((r) => r.json());
    expect(await post(opened.token)).toEqual({ status: 200 });

    await nodeA.kill();
    nodes = [nodeB];
    expect(await post(opened.token)).toEqual({ status: 410 });
    const poll = await (await fetch(`${nodeB.url}/socket/longpoll?vsn=2.0.0&token=${opened.token}`)).json();
    expect(poll.status).toBe(410);
    expect(sessionOwner(poll.token)).toBe(nodeB.nodeId);
  }, 30_000);
});

/** phoenix.js keeps the session token on its LongPoll transport. */
function longPollToken(socket: Socket): string {
  const conn = (socket as unknown as { conn: { token: string | null } }).conn;
  if (!conn?.token) throw new Error("no long-poll session yet");
  return conn.token;
}
