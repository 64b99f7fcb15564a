// Presence across nodes, seen through phoenix.js's own Presence class: merged state, a node that
// dies, and diffs merged under load.
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Presence, type Channel, type Socket } from "phoenix";
import { TokenVerifier } from "@/server/socket/auth";
import { clusterDatabase, clusterTestsRun, startNodeProcess, TEST_REDIS_URL, type NodeProcess } from "../support/node-cluster";
import { join, phoenixSocket, waitFor } from "../support/phoenix";
import { TEST_SECRET } from "../support/server";

const run = clusterTestsRun("the presence tests across nodes");
const verifier = new TokenVerifier(TEST_SECRET);
const ROOM = "chat:room_abc123"; // open: any signed-in user joins

describe.skipIf(!run)("presence across nodes", () => {
  const id = randomBytes(4).toString("hex");
  let database: Awaited<ReturnType<typeof clusterDatabase>>;
  let env: Record<string, string>;
  let a: NodeProcess;
  let b: NodeProcess;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    database = await clusterDatabase();
    env = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL!, REDIS_PREFIX: `presence-test-${id}`, JWT_SECRET: TEST_SECRET };
    a = await startNodeProcess(`presence-a-${id}`, env);
    b = await startNodeProcess(`presence-b-${id}`, env);
  }, 120_000);
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.dispose();
  });

  async function inRoom(node: NodeProcess, userId: string) {
    const socket = phoenixSocket(`ws://127.0.0.1:${node.port}/socket`, { token: await verifier.sign(userId) });
    sockets.push(socket);
    const channel = socket.channel(ROOM, {});
    const presence = new Presence(channel);
    let diffs = 0;
    channel.on("presence_diff", () => void diffs++);
    const userJoined: string[] = [];
    channel.on("user_joined", ({ user_id }: { user_id: string }) => void userJoined.push(user_id));
    expect((await join(channel, 8000)).status).toBe("ok");
    return { socket, channel, presence, userJoined, diffs: () => diffs };
  }
  const metas = (presence: Presence) =>
    Object.fromEntries(presence.list((key: string, { metas }: { metas: unknown[] }) => [key, metas.length]) as [string, number][]);

  it("shows every node's presences, a user on two nodes as one key with two metas, and user_joined once", async () => {
    const watcher = await inRoom(a, "admin");
    await inRoom(a, "user123");
    await inRoom(b, "user123");
    await inRoom(b, "user456");
    const expected = { admin: 1, user123: 2, user456: 1 };
    await waitFor(() => JSON.stringify(metas(watcher.presence)) === JSON.stringify(expected), 5000, "merged presence on node A");
    // A newcomer on node B gets the same state in its presence_state.
    const newcomer = await inRoom(b, "user789");
    await waitFor(() => metas(newcomer.presence).user456 === 1, 5000, "presence_state on node B");
    expect(metas(newcomer.presence)).toEqual({ ...expected, user789: 1 });
    expect(watcher.userJoined.filter((u) => u === "user123")).toEqual(["user123"]);

    // One tab of two leaves: the key stays, with one meta.
    sockets[1].disconnect();
    await waitFor(() => metas(watcher.presence).user123 === 1, 5000, "one meta left");
  }, 30_000);

  it("merges a burst of joins into few presence_diff frames, and ends with the right state", async () => {
    const watcher = await inRoom(a, "admin");
    const before = watcher.diffs();
    const joins = 30;
    await Promise.all(Array.from({ length: joins }, () => inRoom(b, "user456")));
    await waitFor(() => metas(watcher.presence).user456 === joins, 8000, "every join seen");
    const frames = watcher.diffs() - before;
    console.log(`${joins} joins on node B reached a member on node A in ${frames} presence_diff frames`);
    expect(frames).toBeLessThan(joins / 3);
  }, 30_000);

  it("takes a node's presences away everywhere within 10 s when it is killed", async () => {
    const c = await startNodeProcess(`presence-c-${id}`, env);
    const watcher = await inRoom(a, "admin");
    const doomed: { channel: Channel } = await inRoom(c, "courier1");
    expect(doomed.channel.state).toBe("joined");
    await waitFor(() => metas(watcher.presence).courier1 === 1, 5000, "courier1 present on node A");
    const killedAt = Date.now();
    await c.kill();
    await waitFor(() => metas(watcher.presence).courier1 === undefined, 10_000, "courier1 gone from node A");
    console.log(`a SIGKILLed node's presence left the other node after ${Date.now() - killedAt} ms`);
    expect(metas(watcher.presence)).toEqual({ admin: 1 });
  }, 30_000);
});
