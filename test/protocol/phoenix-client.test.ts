import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Presence } from "phoenix";
import { startTestServer, type TestServer } from "../support/server";
import { join, nextEvent, phoenixSocket, push, waitFor } from "../support/phoenix";

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

describe.each([
  { transport: "websocket", longPoll: false },
  { transport: "long-poll", longPoll: true },
])("the official phoenix client over $transport", ({ longPoll }) => {
  it("joins, pushes, receives broadcasts, sees presence, and leaves", async () => {
    const token = await srv.token("alice");
    const socket = phoenixSocket(srv.wsUrl, { token, longPoll });
    const channel = socket.channel("room:js", {});
    const presence = new Presence(channel);
    expect(await join(channel)).toEqual({ status: "ok", response: { messages: [] } });
    await waitFor(() => presence.list().length === 1, 3000, "presence sync");
    expect(presence.list((id) => id)).toEqual(["alice"]);

    expect(await push(channel, "ping")).toEqual({ status: "ok", response: { pong: true } });
    const broadcast = nextEvent(channel, "new_message");
    expect(await push(channel, "message", { content: "hi from js" })).toEqual({ status: "ok", response: {} });
    expect(await broadcast).toEqual({ content: "hi from js" });

    expect(await join(socket.channel("room:deny", { deny: true }))).toEqual({ status: "error", response: { reason: "unauthorized" } });

    const left = await new Promise((resolve) => channel.leave().receive("ok", resolve));
    expect(left).toEqual({});
    socket.disconnect();
  });

  it("rejoins by itself after a channel crash", async () => {
    const socket = phoenixSocket(srv.wsUrl, { longPoll });
    const channel = socket.channel("room:crashy", {});
    await join(channel);
    let errors = 0;
    channel.onError(() => {
      errors++;
    });
    await push(channel, "crash");
    await waitFor(() => errors === 1 && channel.state === "joined", 3000, "rejoin after crash");
    expect(await push(channel, "ping")).toEqual({ status: "ok", response: { pong: true } });
    socket.disconnect();
  });
});

describe("the official phoenix client, websocket only", () => {
  it("sends the authToken as a subprotocol", async () => {
    const socket = phoenixSocket(srv.wsUrl, { authToken: await srv.token("bob") });
    const channel = socket.channel("room:auth", {});
    await join(channel);
    expect(await push(channel, "whoami")).toEqual({ status: "ok", response: { user_id: "bob" } });
    socket.disconnect();
  });

  it("sends an ArrayBuffer push as a binary frame and gets a binary broadcast back", async () => {
    const socket = phoenixSocket(srv.wsUrl);
    const channel = socket.channel("room:binary", {});
    await join(channel);
    const received = nextEvent<ArrayBuffer>(channel, "shouted");
    const bytes = new Uint8Array([1, 2, 3, 250]).buffer;
    expect((await push(channel, "shout", bytes)).status).toBe("ok");
    expect([...new Uint8Array(await received)]).toEqual([1, 2, 3, 250]);
    socket.disconnect();
  });

  it("sees another client's presence come and go", async () => {
    const a = phoenixSocket(srv.wsUrl, { token: await srv.token("ann") });
    const b = phoenixSocket(srv.wsUrl, { token: await srv.token("ben") });
    const channelA = a.channel("room:presence", {});
    const presence = new Presence(channelA);
    await join(channelA);
    await join(b.channel("room:presence", {}));
    await waitFor(() => presence.list().length === 2, 3000, "ben to appear");
    b.disconnect();
    await waitFor(() => presence.list().length === 1, 3000, "ben to leave");
    expect(presence.list((id) => id)).toEqual(["ann"]);
    a.disconnect();
  });

  it("keeps reconnecting when its token is refused", async () => {
    const socket = phoenixSocket(srv.wsUrl, { token: "bad" });
    let errors = 0;
    socket.onError(() => {
      errors++;
    });
    await waitFor(() => errors >= 2, 3000, "reconnect attempts");
    expect(socket.isConnected()).toBe(false);
    socket.disconnect();
  });
});

describe("long-poll over plain HTTP", () => {
  it("opens a session, takes a batch, answers OPTIONS and refuses PUT", async () => {
    const base = `${srv.httpUrl}/socket/longpoll?vsn=2.0.0`;
    const open = await (await fetch(base)).json();
    expect(open).toMatchObject({ status: 410, messages: [] });
    expect((await (await fetch(`${base}&token=nope`, { method: "POST", body: "[]" })).json()).status).toBe(410);
    const session = `${base}&token=${open.token}`;
    const body = ['["1","1","room:lp","phx_join",{}]', '[null,"2","phoenix","heartbeat",{}]'].join("\n");
    const posted = await fetch(session, { method: "POST", headers: { "content-type": "application/x-ndjson" }, body });
    expect(await posted.json()).toEqual({ status: 200 });
    const polled = await (await fetch(session)).json();
    expect(polled.status).toBe(200);
    const frames = polled.messages.map((m: string) => JSON.parse(m));
    expect(frames).toContainEqual(["1", "1", "room:lp", "phx_reply", { response: { messages: [] }, status: "ok" }]);
    expect(frames).toContainEqual([null, "2", "phoenix", "phx_reply", { response: {}, status: "ok" }]);
    const options = await fetch(session, { method: "OPTIONS" });
    expect(options.headers.get("access-control-allow-origin")).toBe("*");
    expect((await fetch(session, { method: "PUT" })).status).toBe(400);
    expect(await (await fetch(`${base}&token=bad-jwt`)).json()).toEqual({ status: 403 });
  });
});
