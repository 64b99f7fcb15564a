import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RawClient, upgradeStatus } from "../support/raw-client";
import { startTestServer, type TestServer } from "../support/server";
import { FRAME_ONCE_AVAILABLE } from "@/server/transport/websocket";

// Frame-for-frame against the Phoenix 1.7 transcripts in shared/research/phoenix-frames.md.
let srv: TestServer;
beforeAll(async () => {
  // Frames up to 256 KB in: a broadcast of 64 KB or more takes websocket's 64-bit length.
  srv = await startTestServer({ config: { MAX_CHANNELS_PER_SOCKET: 100, MAX_FRAME_BYTES: 256 * 1024 } });
});
afterAll(() => srv.close());

const v2 = () => RawClient.connect(`${srv.wsUrl}/websocket?vsn=2.0.0`);
const isReply = (ref: string) => (f: any) => Array.isArray(f) && f[1] === ref && f[3] === "phx_reply";

describe("websocket vsn=2.0.0", () => {
  it("joins, then pushes the joiner's presence diff and presence_state", async () => {
    const c = await v2();
    c.send(["1", "1", "room:lobby", "phx_join", { user: "alice" }]);
    expect(await c.next()).toEqual(["1", "1", "room:lobby", "phx_reply", { response: { messages: [] }, status: "ok" }]);
    const diff = await c.next();
    expect(diff.slice(0, 4)).toEqual([null, null, "room:lobby", "presence_diff"]);
    expect(diff[4].joins.alice.metas[0]).toMatchObject({ online_at: 1700000000, phx_ref: expect.any(String) });
    const state = await c.next();
    expect(state.slice(0, 4)).toEqual(["1", null, "room:lobby", "presence_state"]);
    expect(Object.keys(state[4])).toEqual(["alice"]);
    c.close();
  });

  it("gives every joiner the state as it is at its join, through joins, a second tab and a leave in one diff window", async () => {
    const clients: RawClient[] = [];
    const joinAs = async (user: string, vsn: "1.0.0" | "2.0.0" = "2.0.0") => {
      const c = await RawClient.connect(`${srv.wsUrl}/websocket?vsn=${vsn}`);
      clients.push(c);
      if (vsn === "1.0.0") {
        c.send({ topic: "room:cached", event: "phx_join", payload: { user }, ref: "1" });
        return (await c.next((f) => f.event === "presence_state")).payload;
      }
      c.send(["1", "1", "room:cached", "phx_join", { user }]);
      const state = await c.next((f) => f[3] === "presence_state");
      expect(state.slice(0, 4)).toEqual(["1", null, "room:cached", "presence_state"]);
      return state[4];
    };
    const metaCounts = (state: Record<string, { metas: unknown[] }>) => Object.fromEntries(Object.entries(state).map(([k, v]) => [k, v.metas.length]));
    expect(metaCounts(await joinAs("ann"))).toEqual({ ann: 1 });
    expect(metaCounts(await joinAs("ben"))).toEqual({ ann: 1, ben: 1 });
    expect(metaCounts(await joinAs("ben"))).toEqual({ ann: 1, ben: 2 });
    const again = await joinAs("cara", "1.0.0");
    expect(metaCounts(again)).toEqual({ ann: 1, ben: 2, cara: 1 });
    // ann's socket goes: the next joiner's state no longer has her, whatever was encoded before.
    clients[0].close();
    const deadline = Date.now() + 3000;
    while ("ann" in (await joinAs("dan"))) expect(Date.now()).toBeLessThan(deadline);
    const last = await joinAs("eve");
    expect(metaCounts(last)).toMatchObject({ ben: 2, cara: 1, eve: 1 });
    expect(last).not.toHaveProperty("ann");
    expect(last.ben.metas[0]).toMatchObject({ online_at: 1700000000, phx_ref: expect.any(String) });
    for (const c of clients) c.close();
  });

  it("answers a refused join with its reason and treats the topic as unjoined", async () => {
    const c = await v2();
    c.send(["1", "1", "room:secret", "phx_join", { deny: true }]);
    expect(await c.next()).toEqual(["1", "1", "room:secret", "phx_reply", { response: { reason: "unauthorized" }, status: "error" }]);
    c.send(["1", "2", "room:secret", "ping", {}]);
    expect(await c.next()).toEqual([null, "2", "room:secret", "phx_reply", { response: { reason: "unmatched topic" }, status: "error" }]);
    c.close();
  });

  it("refuses a topic no channel matches, and pushes to topics not joined", async () => {
    const c = await v2();
    c.send(["1", "1", "nope:1", "phx_join", {}]);
    expect(await c.next()).toEqual([null, "1", "nope:1", "phx_reply", { response: { reason: "unmatched topic" }, status: "error" }]);
    c.send(["7", "2", "room:notjoined", "ping", {}]);
    expect(await c.next()).toEqual([null, "2", "room:notjoined", "phx_reply", { response: { reason: "unmatched topic" }, status: "error" }]);
    c.close();
  });

  it("lets the last join win: new reply first, then phx_close for the old join_ref", async () => {
    const c = await v2();
    c.send(["1", "1", "room:dup", "phx_join", { user: "dup" }]);
    await c.next(isReply("1"));
    await c.drain(100);
    c.send(["3", "3", "room:dup", "phx_join", { user: "dup" }]);
    expect(await c.next()).toEqual(["3", "3", "room:dup", "phx_reply", { response: { messages: [] }, status: "ok" }]);
    expect(await c.next()).toEqual(["1", "1", "room:dup", "phx_close", {}]);
    const frames = await c.drain(150);
    // As in Phoenix: the new join's presence arrives; the old one had already left the topic.
    const diffs = frames.filter((f: any) => f[3] === "presence_diff") as any[];
    expect(diffs.some((d) => d[4].joins.dup)).toBe(true);
    const state = frames.find((f: any) => f[3] === "presence_state") as any[];
    expect(state[0]).toBe("3");
    expect(state[4].dup.metas).toHaveLength(1);
    c.send(["3", "5", "room:dup", "ping", {}]);
    expect(await c.next()).toEqual(["3", "5", "room:dup", "phx_reply", { response: { pong: true }, status: "ok" }]);
    c.close();
  });

  it("never routes a frame with a stale join_ref to the current join", async () => {
    const c = await v2();
    c.send(["1", "1", "room:stale", "phx_join", {}]);
    await c.next(isReply("1"));
    c.send(["9", "2", "room:stale", "phx_leave", {}]);
    expect(await c.next(isReply("2"))).toEqual(["9", "2", "room:stale", "phx_reply", { response: { reason: "stale join_ref" }, status: "error" }]);
    // Still joined.
    c.send(["1", "3", "room:stale", "ping", {}]);
    expect((await c.next(isReply("3")))[4]).toEqual({ response: { pong: true }, status: "ok" });
    c.close();
  });

  it("replies, broadcasts, isolates a crash to its topic, and allows a rejoin", async () => {
    const c = await v2();
    c.send(["1", "1", "room:ops", "phx_join", {}]);
    c.send(["2", "2", "room:other", "phx_join", {}]);
    await c.next(isReply("1"));
    await c.next(isReply("2"));
    c.send(["1", "3", "room:ops", "message", { content: "hello" }]);
    expect(await c.next((f) => f[3] === "new_message")).toEqual([null, null, "room:ops", "new_message", { content: "hello" }]);
    expect(await c.next(isReply("3"))).toEqual(["1", "3", "room:ops", "phx_reply", { response: {}, status: "ok" }]);
    c.send(["1", "4", "room:ops", "crash", {}]);
    expect(await c.next(isReply("4"))).toEqual(["1", "4", "room:ops", "phx_reply", { response: { reason: "internal_error" }, status: "error" }]);
    expect(await c.next((f) => f[3] === "phx_error")).toEqual(["1", "1", "room:ops", "phx_error", {}]);
    c.send(["1", "5", "room:ops", "ping", {}]);
    expect((await c.next(isReply("5")))[4].response).toEqual({ reason: "unmatched topic" });
    // The other channel lives on.
    c.send(["2", "6", "room:other", "ping", {}]);
    expect((await c.next(isReply("6")))[4]).toEqual({ response: { pong: true }, status: "ok" });
    c.send(["7", "7", "room:ops", "phx_join", {}]);
    expect((await c.next(isReply("7")))[4].status).toBe("ok");
    c.close();
  });

  it("answers a join that throws with join crashed", async () => {
    const c = await v2();
    c.send(["1", "1", "room:boom", "phx_join", { crash: true }]);
    expect(await c.next()).toEqual(["1", "1", "room:boom", "phx_reply", { response: { reason: "join crashed" }, status: "error" }]);
    c.close();
  });

  it("answers heartbeats, and refuses other events on the phoenix topic", async () => {
    const c = await v2();
    c.send([null, "1", "phoenix", "heartbeat", {}]);
    expect(await c.next()).toEqual([null, "1", "phoenix", "phx_reply", { response: {}, status: "ok" }]);
    c.send([null, "2", "phoenix", "ping", {}]);
    expect(await c.next()).toEqual([null, "2", "phoenix", "phx_reply", { response: { reason: "unmatched topic" }, status: "error" }]);
    c.close();
  });

  it("leaves with an ok reply then phx_close; leaving a topic never joined is ok", async () => {
    const c = await v2();
    c.send(["1", "1", "room:leave", "phx_join", {}]);
    await c.next(isReply("1"));
    await c.drain(100);
    c.send(["1", "2", "room:leave", "phx_leave", {}]);
    expect(await c.next()).toEqual(["1", "2", "room:leave", "phx_reply", { response: {}, status: "ok" }]);
    expect(await c.next()).toEqual(["1", "1", "room:leave", "phx_close", {}]);
    c.send([null, "4", "room:never", "phx_leave", {}]);
    expect(await c.next()).toEqual([null, "4", "room:never", "phx_reply", { response: {}, status: "ok" }]);
    c.close();
  });

  it("refuses the 101st channel on one socket", async () => {
    const c = await v2();
    for (let i = 1; i <= 100; i++) c.send([String(i), String(i), `room:m${i}`, "phx_join", {}]);
    await c.next(isReply("100"), 10_000);
    c.send(["101", "101", "room:m101", "phx_join", {}]);
    expect(await c.next(isReply("101"))).toEqual(["101", "101", "room:m101", "phx_reply", { response: { reason: "too many channels joined" }, status: "error" }]);
    c.close();
  });

  it("validates payloads and answers unknown events, so no push goes unanswered", async () => {
    const c = await v2();
    c.send(["1", "1", "room:v", "phx_join", {}]);
    await c.next(isReply("1"));
    c.send(["1", "2", "room:v", "message", { content: 42 }]);
    const invalid = await c.next(isReply("2"));
    expect(invalid[4]).toMatchObject({ status: "error", response: { reason: "invalid_payload", errors: { content: expect.any(Array) } } });
    c.send(["1", "3", "room:v", "dance", {}]);
    expect((await c.next(isReply("3")))[4]).toEqual({ status: "error", response: { reason: "unknown_event", event: "dance" } });
    c.close();
  });

  it("closes the socket with 1011 on frames it cannot decode", async () => {
    for (const bad of ["this is not json", JSON.stringify({ foo: 1 }), Buffer.from([1, 2, 3, 4, 5])]) {
      const c = await v2();
      c.ws.send(bad);
      expect(await c.closed()).toBe(1011);
    }
  });

  it("routes binary pushes and sends binary broadcasts as binary frames", async () => {
    const c = await v2();
    c.send(["1", "1", "room:bin", "phx_join", {}]);
    await c.next(isReply("1"));
    await c.drain(100);
    const header = Buffer.from([0, 1, 1, 8, 5]);
    const push = Buffer.concat([header, Buffer.from("12room:binshout"), Buffer.from([0xde, 0xad, 0xbe, 0xef])]);
    c.send(push);
    const broadcast: Buffer = await c.next((f) => Buffer.isBuffer(f));
    // kind 2, topic size, event size, topic, event, payload
    expect([...broadcast.subarray(0, 3)]).toEqual([2, 8, 7]);
    expect(broadcast.subarray(3, 18).toString()).toBe("room:binshouted");
    expect([...broadcast.subarray(18)]).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(await c.next(isReply("2"))).toEqual(["1", "2", "room:bin", "phx_reply", { response: {}, status: "ok" }]);
    c.close();
  });

  it("writes each broadcast intact to every V1 and V2 subscriber, short, 16-bit and 64-bit frame lengths alike", async () => {
    // Broadcasts are framed once and the same bytes written to every socket; without ws's
    // Sender.frame (a ws upgrade) every send would quietly take the slower ws.send path.
    expect(FRAME_ONCE_AVAILABLE).toBe(true);
    const v2s = await Promise.all([v2(), v2(), v2()]);
    const v1s = await Promise.all([0, 1].map(() => RawClient.connect(`${srv.wsUrl}/websocket`)));
    for (const c of v2s) {
      c.send(["1", "1", "room:sizes", "phx_join", {}]);
      await c.next(isReply("1"));
    }
    for (const c of v1s) {
      c.send({ topic: "room:sizes", event: "phx_join", payload: {}, ref: "1" });
      await c.next((f) => f.event === "phx_reply");
    }
    const contents = ["hi", "m".repeat(300), "L".repeat(70_000)];
    for (const [i, content] of contents.entries()) v2s[0].send(["1", String(i + 2), "room:sizes", "message", { content }]);
    for (const c of v2s) {
      for (const content of contents) expect(await c.next((f) => f[3] === "new_message")).toEqual([null, null, "room:sizes", "new_message", { content }]);
    }
    for (const c of v1s) {
      for (const content of contents) expect(await c.next((f) => f.event === "new_message")).toMatchObject({ topic: "room:sizes", payload: { content } });
    }
    for (const c of [...v2s, ...v1s]) c.close();
  });

  it("refuses an unknown vsn and a bad token with HTTP 403", async () => {
    expect(await upgradeStatus(`${srv.wsUrl}/websocket?vsn=3.0.0`)).toBe(403);
    expect(await upgradeStatus(`${srv.wsUrl}/websocket?vsn=2.0.0&token=bad`)).toBe(403);
    const expired = await srv.token("user123", -10);
    expect(await upgradeStatus(`${srv.wsUrl}/websocket?vsn=2.0.0&token=${expired}`)).toBe(403);
  });

  it("answers a plain GET on the websocket path with 400", async () => {
    const res = await fetch(`${srv.httpUrl}/socket/websocket?vsn=2.0.0`);
    expect(res.status).toBe(400);
  });

  it("takes the token from the phoenix subprotocol and answers with `phoenix`", async () => {
    const jwt = await srv.token("sub-user");
    const c = await RawClient.connect(`${srv.wsUrl}/websocket?vsn=2.0.0`, [
      "phoenix",
      `base64url.bearer.phx.${Buffer.from(jwt).toString("base64url")}`,
    ]);
    expect(c.ws.protocol).toBe("phoenix");
    c.send(["1", "1", "room:who", "phx_join", {}]);
    await c.next(isReply("1"));
    c.send(["1", "2", "room:who", "whoami", {}]);
    expect((await c.next(isReply("2")))[4].response).toEqual({ user_id: "sub-user" });
    c.close();
  });

  it("refreshes an expiring token on a live channel with access_token", async () => {
    const shortLived = await srv.token("refresher", 2);
    const c = await RawClient.connect(`${srv.wsUrl}/websocket?vsn=2.0.0&token=${shortLived}`);
    c.send(["1", "1", "room:refresh", "phx_join", {}]);
    await c.next(isReply("1"));
    const other = await srv.token("someone-else");
    c.send(["1", "2", "room:refresh", "access_token", { token: other }]);
    expect((await c.next(isReply("2")))[4]).toEqual({ status: "error", response: { reason: "unauthorized" } });
    c.send(["1", "3", "room:refresh", "access_token", { token: await srv.token("refresher", 3600) }]);
    expect((await c.next(isReply("3")))[4]).toEqual({ status: "ok", response: {} });
    await new Promise((r) => setTimeout(r, 2100));
    c.send(["1", "4", "room:refresh", "ping", {}]);
    expect((await c.next(isReply("4")))[4]).toEqual({ status: "ok", response: { pong: true } });
    c.close();
  });
});
