import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineChannel, joined, ok } from "@/server/channel/channel";
import type { Config } from "@/server/config";
import { RawClient, upgradeRefusal } from "../support/raw-client";
import { roomChannel } from "../support/room-channel";
import { startTestServer, type TestServer } from "../support/server";
import { limitRefusals } from "../support/metrics";
import { join, phoenixSocket, waitFor } from "../support/phoenix";

/** A channel whose `wait` takes a while, so frames pile up behind it. */
const slowChannel = defineChannel({
  name: "slow",
  patterns: ["slow:*"],
  events: { join: z.object({}), in: { wait: z.object({}) }, out: {} },
  join: () => joined({}, {}),
  handleIn: { wait: () => new Promise((resolve) => setTimeout(() => resolve(ok()), 400)) },
});

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(config: Partial<Config>): Promise<TestServer> {
  const srv = await startTestServer({ channels: [roomChannel, slowChannel], config });
  servers.push(srv);
  return srv;
}

const refusals = limitRefusals;

const v2 = (srv: TestServer, query = "") => `${srv.wsUrl}/websocket?vsn=2.0.0${query}`;
const heartbeat = (ref: string) => [null, ref, "phoenix", "heartbeat", {}];

describe("frame size", () => {
  it("closes a websocket whose frame is over MAX_FRAME_BYTES with 1009, and takes one at the limit", async () => {
    const srv = await server({ MAX_FRAME_BYTES: 8 * 1024 });
    const fits = await RawClient.connect(v2(srv));
    const frame = (size: number) => {
      const empty = JSON.stringify(["1", "1", "room:big", "phx_join", { user: "" }]);
      return JSON.stringify(["1", "1", "room:big", "phx_join", { user: "x".repeat(size - empty.length) }]);
    };
    expect(frame(8 * 1024)).toHaveLength(8 * 1024);
    fits.ws.send(frame(8 * 1024));
    expect((await fits.next((f) => f[1] === "1")).at(-1)).toMatchObject({ status: "ok" });
    const big = await RawClient.connect(v2(srv));
    big.ws.send(frame(8 * 1024 + 1));
    expect(await big.closed()).toBe(1009);
    expect(await refusals(srv, "frame_bytes")).toBe(1);
    // The other socket is untouched.
    fits.send(heartbeat("2"));
    expect(await fits.next((f) => f[1] === "2")).toEqual([null, "2", "phoenix", "phx_reply", { status: "ok", response: {} }]);
    fits.close();
  });

  it("answers 413 to a long-poll batch with a line over MAX_FRAME_BYTES, or a body over MAX_LONGPOLL_BODY_BYTES, and handles none of it", async () => {
    const srv = await server({ MAX_FRAME_BYTES: 4 * 1024, MAX_LONGPOLL_BODY_BYTES: 16 * 1024 });
    const base = `${srv.httpUrl}/socket/longpoll?vsn=2.0.0`;
    const session = `${base}&token=${(await (await fetch(base)).json()).token}`;
    const post = (lines: string[]) =>
      fetch(session, { method: "POST", headers: { "content-type": "application/x-ndjson" }, body: lines.join("\n") });
    const joinLine = JSON.stringify(["1", "1", "room:lp", "phx_join", {}]);
    const bigLine = JSON.stringify([null, "2", "room:lp", "message", { content: "x".repeat(4 * 1024) }]);
    const tooLong = await post([joinLine, bigLine]);
    expect(tooLong.status).toBe(413);
    expect(await tooLong.json()).toEqual({ status: 413, reason: "frame_too_large", max_bytes: 4096 });
    expect(await refusals(srv, "frame_bytes")).toBe(1);
    // Five lines of 3.5 KiB each: every line fits, the body does not.
    const line = JSON.stringify([null, "3", "phoenix", "heartbeat", { pad: "x".repeat(3500) }]);
    const tooBig = await post([joinLine, ...Array(5).fill(line)]);
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toEqual({ status: 413, reason: "body_too_large", max_bytes: 16 * 1024 });
    expect(await refusals(srv, "longpoll_body_bytes")).toBe(1);
    // Nothing of either batch was handled: no join, no reply waiting.
    expect(srv.server.endpoint.channelCounts()).toEqual({});
    expect(await (await post([JSON.stringify([null, "4", "phoenix", "heartbeat", {}])])).json()).toEqual({ status: 200 });
    const polled = await (await fetch(session)).json();
    expect(polled.messages.map((m: string) => JSON.parse(m))).toEqual([[null, "4", "phoenix", "phx_reply", { status: "ok", response: {} }]]);
  });
});

describe("inbox", () => {
  it("closes a socket with 1008 'inbox full' when more than MAX_INBOX_FRAMES wait behind a slow handler", async () => {
    const srv = await server({ MAX_INBOX_FRAMES: 20, MAX_CHANNELS_PER_SOCKET: 5 });
    const flooder = await RawClient.connect(v2(srv));
    const calm = await RawClient.connect(v2(srv));
    flooder.send(["1", "1", "slow:a", "phx_join", {}]);
    await flooder.next((f) => f[1] === "1");
    flooder.send(["1", "2", "slow:a", "wait", {}]);
    for (let i = 0; i < 30; i++) flooder.send(heartbeat(`hb${i}`));
    expect(await flooder.closed()).toBe(1008);
    expect(flooder.closeReason).toBe("inbox full");
    expect(await refusals(srv, "inbox_frames")).toBe(1);
    // Twenty frames behind the same slow handler fit.
    calm.send(["1", "1", "slow:b", "phx_join", {}]);
    calm.send(["1", "2", "slow:b", "wait", {}]);
    for (let i = 0; i < 18; i++) calm.send(heartbeat(`hb${i}`));
    await calm.next((f) => f[1] === "hb17", 5000);
    calm.close();
  });
});

describe("rate limits per socket", () => {
  it("refuses client events beyond SOCKET_EVENTS_PER_10S with rate_limited; access_token is never refused", async () => {
    const srv = await server({ SOCKET_EVENTS_PER_10S: 5 });
    const token = await srv.token("alice");
    const c = await RawClient.connect(v2(srv, `&token=${token}`));
    c.send(["1", "1", "room:rate", "phx_join", {}]);
    await c.next((f) => f[1] === "1");
    for (let i = 0; i < 5; i++) c.send(["1", `p${i}`, "room:rate", "ping", {}]);
    c.send(["1", "over", "room:rate", "ping", {}]);
    c.send(heartbeat("hb"));
    for (let i = 0; i < 5; i++) expect((await c.next((f) => f[1] === `p${i}`))[4]).toEqual({ status: "ok", response: { pong: true } });
    expect(await c.next((f) => f[1] === "over")).toEqual(["1", "over", "room:rate", "phx_reply", { status: "error", response: { reason: "rate_limited" } }]);
    expect((await c.next((f) => f[1] === "hb"))[4]).toEqual({ status: "error", response: { reason: "rate_limited" } });
    c.send(["1", "tok", "room:rate", "access_token", { token: await srv.token("alice") }]);
    expect((await c.next((f) => f[1] === "tok"))[4]).toEqual({ status: "ok", response: {} });
    expect(await refusals(srv, "socket_events")).toBe(2);
    // Another socket has its own budget.
    const other = await RawClient.connect(v2(srv));
    other.send(heartbeat("1"));
    expect((await other.next())[4].status).toBe("ok");
    c.close();
    other.close();
  });

  it("refuses joins beyond SOCKET_JOINS_PER_MINUTE (join and leave in a loop)", async () => {
    const srv = await server({ SOCKET_JOINS_PER_MINUTE: 3, MAX_CHANNELS_PER_SOCKET: 3 });
    const c = await RawClient.connect(v2(srv));
    for (let i = 1; i <= 3; i++) {
      c.send([`${i}`, `${i}`, "room:loop", "phx_join", {}]);
      expect((await c.next((f) => f[1] === `${i}` && f[3] === "phx_reply"))[4].status).toBe("ok");
      c.send([`${i}`, `leave${i}`, "room:loop", "phx_leave", {}]);
      await c.next((f) => f[1] === `leave${i}`);
    }
    c.send(["4", "4", "room:loop", "phx_join", {}]);
    expect(await c.next((f) => f[1] === "4" && f[3] === "phx_reply")).toEqual([
      "4",
      "4",
      "room:loop",
      "phx_reply",
      { status: "error", response: { reason: "rate_limited" } },
    ]);
    expect(await refusals(srv, "socket_joins")).toBe(1);
    c.close();
  });

  it("lets a reconnecting phoenix.js client rejoin all of its MAX_CHANNELS_PER_SOCKET channels at once, whatever SOCKET_JOINS_PER_MINUTE says", async () => {
    const srv = await server({ SOCKET_JOINS_PER_MINUTE: 10, MAX_CHANNELS_PER_SOCKET: 100, MAX_INBOX_FRAMES: 20 });
    const socket = phoenixSocket(srv.wsUrl);
    const channels = Array.from({ length: 100 }, (_, i) => socket.channel(`room:r${i}`, {}));
    expect((await Promise.all(channels.map((c) => join(c)))).every((r) => r.status === "ok")).toBe(true);
    const endpoint = srv.server.endpoint;
    const [first] = endpoint.connections;
    // The server drops the socket; phoenix.js reconnects and rejoins every channel in one burst.
    first.close(1012, "restart");
    await waitFor(() => [...endpoint.connections].some((c) => c !== first && c.channels.size === 100), 10_000, "all 100 channels rejoined");
    await waitFor(() => channels.every((c) => c.state === "joined"), 3000, "phoenix.js to see every join ok");
    expect(await refusals(srv, "socket_joins")).toBe(0);
    expect(await refusals(srv, "inbox_frames")).toBe(0);
    socket.disconnect();
  });
});

describe("sockets per client address", () => {
  it("refuses a websocket or a new long-poll session beyond MAX_CONNECTIONS_PER_IP open at once (429, reason), and lets one in when another closes", async () => {
    const srv = await server({ MAX_CONNECTIONS_PER_IP: 3, MAX_CONNECTIONS_PER_IP_PER_MINUTE: 0 });
    const open = [await RawClient.connect(v2(srv)), await RawClient.connect(v2(srv))];
    // A long-poll session counts like a websocket.
    const longPoll = `${srv.httpUrl}/socket/longpoll?vsn=2.0.0`;
    const session = await (await fetch(longPoll)).json();
    expect(session.status).toBe(410);
    expect(await upgradeRefusal(v2(srv))).toEqual({ status: 429, body: JSON.stringify({ reason: "connections_per_ip" }) });
    const refusedPoll = await fetch(longPoll);
    expect(refusedPoll.status).toBe(429);
    // phoenix.js's LongPoll retries with backoff on 500 and knows no 429.
    expect(await refusedPoll.json()).toEqual({ status: 500, reason: "connections_per_ip" });
    expect(await refusals(srv, "connections_per_ip")).toBe(2);
    open[0].close();
    await waitFor(() => srv.server.endpoint.connections.size === 2, 3000, "the closed socket to be gone");
    const next = await RawClient.connect(v2(srv));
    next.close();
    open[1].close();
  });

  it("refuses more than MAX_CONNECTIONS_PER_IP_PER_MINUTE new sockets, open or not", async () => {
    const srv = await server({ MAX_CONNECTIONS_PER_IP: 0, MAX_CONNECTIONS_PER_IP_PER_MINUTE: 3 });
    for (let i = 0; i < 3; i++) (await RawClient.connect(v2(srv))).close();
    expect(await upgradeRefusal(v2(srv))).toEqual({ status: 429, body: JSON.stringify({ reason: "connections_per_ip_per_minute" }) });
    // Long-poll GETs without a session token open sessions, so they are counted too.
    expect(await (await fetch(`${srv.httpUrl}/socket/longpoll?vsn=2.0.0`)).json()).toEqual({ status: 500, reason: "connections_per_ip_per_minute" });
    expect(await refusals(srv, "connections_per_ip_per_minute")).toBe(2);
  });

  it("believes X-Forwarded-For only from the proxies TRUST_PROXY names", async () => {
    const forwarded = (address: string) => ({ "x-forwarded-for": address });
    const direct = await server({ MAX_CONNECTIONS_PER_IP: 1, MAX_CONNECTIONS_PER_IP_PER_MINUTE: 0 });
    const first = await RawClient.connect(v2(direct), undefined, forwarded("203.0.113.1"));
    // Without TRUST_PROXY the header is the client's say: both are 127.0.0.1.
    expect((await upgradeRefusal(v2(direct), undefined, forwarded("203.0.113.2"))).status).toBe(429);
    first.close();

    const proxied = await server({ MAX_CONNECTIONS_PER_IP: 1, MAX_CONNECTIONS_PER_IP_PER_MINUTE: 0, TRUST_PROXY: "loopback" });
    const a = await RawClient.connect(v2(proxied), undefined, forwarded("203.0.113.1"));
    const b = await RawClient.connect(v2(proxied), undefined, forwarded("203.0.113.2"));
    expect(await upgradeRefusal(v2(proxied), undefined, forwarded("203.0.113.1"))).toEqual({
      status: 429,
      body: JSON.stringify({ reason: "connections_per_ip" }),
    });
    // A client behind the proxy cannot pick another address by prepending its own hop.
    expect((await upgradeRefusal(v2(proxied), undefined, forwarded("198.51.100.9, 203.0.113.1"))).status).toBe(429);
    expect(await refusals(proxied, "connections_per_ip")).toBe(2);
    a.close();
    b.close();
  });
});
