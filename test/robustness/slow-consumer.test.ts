import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "phoenix";
import { ensureOpenRoom, insertMessage } from "@/server/store/repositories/chat.repository";
import { useTestApp } from "../support/app";
import { useSocketPool } from "../support/channel-helpers";
import { limitRefusals } from "../support/metrics";
import { join, nextEvent, phoenixSocket, push, waitFor } from "../support/phoenix";
import { RawClient } from "../support/raw-client";
import { startTestServer, type TestServer } from "../support/server";

const BOUND = 256 * 1024;
let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ config: { SLOW_CONSUMER_BYTES: BOUND, SLOW_CONSUMER_MS: 500, SOCKET_EVENTS_PER_10S: 10_000 } });
});
afterAll(() => srv.close());

/** Broadcasts `count` messages of `bytes` each on `topic`, a few at a time. */
async function flood(channel: Channel, count: number, bytes: number): Promise<void> {
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, (_, j) => push(channel, "message", { content: `${i + j}:`.padEnd(bytes, "x") }));
    expect((await Promise.all(batch)).every((r) => r.status === "ok")).toBe(true);
  }
}

describe("slow consumers", () => {
  it("cuts off a websocket that stops reading; every other subscriber gets every broadcast", async () => {
    const topic = "room:busy";
    const readers = Array.from({ length: 3 }, () => phoenixSocket(srv.wsUrl));
    const heard = readers.map(() => new Set<string>());
    const channels = readers.map((socket, i) => {
      const channel = socket.channel(topic, {});
      channel.on("new_message", ({ content }: { content: string }) => {
        heard[i].add(content.split(":")[0]);
      });
      return channel;
    });
    for (const channel of channels) expect((await join(channel)).status).toBe("ok");
    const stalled = await RawClient.connect(`${srv.wsUrl}/websocket?vsn=2.0.0`);
    stalled.send(["1", "1", topic, "phx_join", {}]);
    await stalled.next((f) => f[1] === "1");
    const endpoint = srv.server.endpoint;
    const stalledConnection = [...endpoint.connections].at(-1)!;
    // It stops reading: the kernel's buffers fill, then the server's.
    stalled.ws.pause();
    const before = await limitRefusals(srv, "slow_consumer");

    await flood(channels[0], 400, 50 * 1024);
    await waitFor(() => !endpoint.connections.has(stalledConnection), 5000, "the stalled socket to be cut off");
    await waitFor(() => heard.every((set) => set.size === 400), 10_000, "every reader to hear all 400");
    expect(await limitRefusals(srv, "slow_consumer")).toBe(before + 1);
    // The readers are still connected and joined.
    expect(channels.every((c) => c.state === "joined")).toBe(true);
    for (const socket of readers) socket.disconnect();
    stalled.ws.terminate();
  });

  it("closes a long-poll session that stops polling while its queue passes the bound", async () => {
    const base = `${srv.httpUrl}/socket/longpoll?vsn=2.0.0`;
    const session = `${base}&token=${(await (await fetch(base)).json()).token}`;
    const posted = await fetch(session, { method: "POST", body: JSON.stringify(["1", "1", "room:lp-busy", "phx_join", {}]) });
    expect(await posted.json()).toEqual({ status: 200 });
    const sender = phoenixSocket(srv.wsUrl);
    const channel = sender.channel("room:lp-busy", {});
    await join(channel);
    const before = await limitRefusals(srv, "slow_consumer");
    await flood(channel, 30, 50 * 1024);
    await waitFor(() => srv.server.endpoint.connections.size === 1, 5000, "the long-poll session to be closed");
    expect(await limitRefusals(srv, "slow_consumer")).toBe(before + 1);
    // Its next poll learns the session is gone, and phoenix.js would open a new one.
    expect((await (await fetch(session)).json()).status).toBe(410);
    sender.disconnect();
  });
});

describe("chat history", () => {
  const t = useTestApp();
  const pool = useSocketPool(t);

  it("caps a history page by bytes as well as by count, newest kept, so a room of long messages is one burst, not slowness", async () => {
    const db = () => t.app.context.db;
    await ensureOpenRoom(db(), "long_history", "user456");
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const stored = await insertMessage(db(), { roomId: "long_history", senderId: "user456", senderType: "user", username: "user456", content: `${i}`.padEnd(4000, "é") });
      if (stored.status === "created") ids.push(stored.message.id);
    }
    const socket = await pool.connect("user789");
    const channel = socket.channel("chat:room_long_history", {});
    const history = nextEvent(channel, "messages_history");
    const { response } = await join(channel);
    const bytes = Buffer.byteLength(JSON.stringify(response.messages));
    expect(bytes).toBeLessThanOrEqual(128 * 1024);
    expect(response.messages.length).toBeGreaterThan(10);
    expect(response.messages.length).toBeLessThan(50);
    expect(response.messages.at(-1).id).toBe(ids.at(-1));
    expect(await history).toEqual({ messages: response.messages });
    // Recovery from far back would be more than the cap: the client gets the same newest page.
    const recovering = (await pool.connect("user789")).channel("chat:room_long_history", { last_seen_id: ids[0] });
    expect((await join(recovering)).response.messages).toEqual(response.messages);
    // A short recovery is exact.
    const recent = (await pool.connect("user789")).channel("chat:room_long_history", { last_seen_id: ids[47] });
    expect((await join(recent)).response.messages.map((m: { id: string }) => m.id)).toEqual(ids.slice(48));
    expect(await limitRefusals(t, "slow_consumer")).toBe(0);
  });
});
