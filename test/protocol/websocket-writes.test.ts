import type { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/server/socket/connection";
import { RawClient } from "../support/raw-client";
import { startTestServer, type TestServer } from "../support/server";

// What a websocket is sent within one event-loop turn leaves in one write (the socket is corked
// until the turn ends; its first frame goes at once unless its last turn had several): in order,
// whole, and ahead of a close.
let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

/** A V2 socket joined to `topic`, and its connection on the server. */
async function joined(topic: string): Promise<{ client: RawClient; connection: Connection }> {
  const client = await RawClient.connect(`${srv.wsUrl}/websocket?vsn=2.0.0`);
  client.send(["1", "1", topic, "phx_join", {}]);
  await client.next((f) => Array.isArray(f) && f[1] === "1");
  await client.next((f) => Array.isArray(f) && f[3] === "presence_state");
  await client.next((f) => Array.isArray(f) && f[3] === "presence_diff");
  const connection = [...srv.server.endpoint.connections].find((c) => c.channels.has(topic))!;
  return { client, connection };
}

/** Counts the writes (write and writev system calls) of the connection's TCP socket. */
function countWrites(connection: Connection): { count: number } {
  const socket = (connection.transport as unknown as { ws: { _socket: Writable & Record<string, any> } }).ws._socket;
  const counter = { count: 0 };
  for (const method of ["_write", "_writev"]) {
    const original = socket[method];
    socket[method] = function (this: unknown, ...args: unknown[]) {
      counter.count++;
      return original.apply(this, args);
    };
  }
  return counter;
}

const turnEnd = () => new Promise((resolve) => setImmediate(resolve));
const pushes = (client: RawClient) => client.frames.filter((f) => Buffer.isBuffer(f) || (Array.isArray(f) && f[3] === "burst"));

describe("frames of one turn", () => {
  it("leave in one write (two in a socket's first busy turn: the first frame went at once), in order and whole", async () => {
    const { client, connection } = await joined("room:burst");
    const writes = countWrites(connection);
    const channel = connection.channels.get("room:burst")!;
    const burst = (from: number) => Array.from({ length: 50 }, (_, i) => ({ i: from + i, text: `é ☕ ${"x".repeat(i * 3)}` }));
    for (const payload of burst(0)) channel.push("burst", payload);
    await turnEnd();
    expect(writes.count).toBeLessThanOrEqual(2);
    const before = writes.count;
    for (const payload of burst(50)) channel.push("burst", payload);
    await turnEnd();
    expect(writes.count).toBe(before + 1);
    await waitForFrames(client, 100);
    expect(pushes(client)).toEqual([...burst(0), ...burst(50)].map((payload) => ["1", null, "room:burst", "burst", payload]));
    client.close();
  });

  it("keep their order across text, binary and frames bigger than the cork holds", async () => {
    const { client, connection } = await joined("room:mixed");
    const channel = connection.channels.get("room:mixed")!;
    const sent: unknown[] = [];
    for (let i = 0; i < 30; i++) {
      const payload = i % 3 === 1 ? Buffer.from([i, 0, 255]) : { i, big: i % 10 === 2 ? "L".repeat(70_000) : "" };
      channel.push("burst", payload);
      sent.push(payload);
    }
    await waitForFrames(client, 30);
    const got = pushes(client);
    expect(got).toHaveLength(30);
    got.forEach((frame, i) => {
      if (Buffer.isBuffer(sent[i])) expect((frame as Buffer).subarray(-3)).toEqual(sent[i]);
      else expect((frame as unknown[])[4]).toEqual(sent[i]);
    });
    client.close();
  });

  it("all reach the client before a close sent in the same turn", async () => {
    const { client, connection } = await joined("room:closing");
    const channel = connection.channels.get("room:closing")!;
    for (let i = 0; i < 40; i++) channel.push("burst", { i });
    connection.close(1012, "server restarting");
    expect(await client.closed()).toBe(1012);
    expect(pushes(client).map((f) => (f as any[])[4].i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it("one frame per turn is written at once, as without corking, from the turn after a busy one", async () => {
    const { client, connection } = await joined("room:single");
    const writes = countWrites(connection);
    const channel = connection.channels.get("room:single")!;
    channel.push("burst", { i: 0 });
    channel.push("burst", { i: 1 });
    await turnEnd();
    const before = writes.count;
    // The turn after a busy one corks from its first frame; with one frame only, the next does not.
    channel.push("burst", { i: 2 });
    await turnEnd();
    expect(writes.count).toBe(before + 1);
    channel.push("burst", { i: 3 });
    expect(writes.count).toBe(before + 2);
    await turnEnd();
    channel.push("burst", { i: 4 });
    expect(writes.count).toBe(before + 3);
    await waitForFrames(client, 5);
    expect(pushes(client).map((f) => (f as any[])[4].i)).toEqual([0, 1, 2, 3, 4]);
    client.close();
  });
});

async function waitForFrames(client: RawClient, n: number): Promise<void> {
  for (let waited = 0; pushes(client).length < n; waited += 10) {
    if (waited > 3000) throw new Error(`only ${pushes(client).length} of ${n} frames arrived`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
