import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RawClient } from "../support/raw-client";
import { startTestServer, type TestServer } from "../support/server";

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

describe("websocket vsn=1.0.0 (the default without vsn, as wscat sends)", () => {
  it("joins with object frames and never sends join_ref", async () => {
    const c = await RawClient.connect(`${srv.wsUrl}/websocket`);
    c.send({ topic: "room:lobby", event: "phx_join", payload: { user: "alice" }, ref: "1" });
    const reply = await c.next();
    expect(reply).toEqual({ event: "phx_reply", payload: { response: { messages: [] }, status: "ok" }, ref: "1", topic: "room:lobby" });
    expect(Object.keys(reply)).not.toContain("join_ref");
    const diff = await c.next();
    expect(diff).toMatchObject({ event: "presence_diff", ref: null, topic: "room:lobby" });
    const state = await c.next();
    expect(state).toMatchObject({ event: "presence_state", ref: null, topic: "room:lobby" });
    expect(Object.keys(state)).not.toContain("join_ref");
    c.close();
  });

  it("accepts the document's placeholder token and its heartbeat", async () => {
    const c = await RawClient.connect(`${srv.wsUrl}/websocket?token=test_token`);
    c.send({ topic: "phoenix", event: "heartbeat", payload: {}, ref: "1" });
    expect(await c.next()).toEqual({ event: "phx_reply", payload: { response: {}, status: "ok" }, ref: "1", topic: "phoenix" });
    c.send({ topic: "room:who", event: "phx_join", payload: {}, ref: "2" });
    await c.next((f) => f.ref === "2");
    c.send({ topic: "room:who", event: "whoami", payload: {}, ref: "3" });
    expect((await c.next((f) => f.ref === "3")).payload.response).toEqual({ user_id: "user123" });
    c.close();
  });

  it("closes with 1011 when a V1 socket gets an array frame", async () => {
    const c = await RawClient.connect(`${srv.wsUrl}/websocket`);
    c.send([null, "2", "phoenix", "heartbeat", {}]);
    expect(await c.closed()).toBe(1011);
  });

  it("sends the old join's phx_close with its join ref as ref", async () => {
    const c = await RawClient.connect(`${srv.wsUrl}/websocket?vsn=1.0.0`);
    c.send({ topic: "room:dup", event: "phx_join", payload: {}, ref: "1", join_ref: "1" });
    await c.next((f) => f.ref === "1" && f.event === "phx_reply");
    c.send({ topic: "room:dup", event: "phx_join", payload: {}, ref: "3", join_ref: "3" });
    expect(await c.next((f) => f.ref === "3")).toMatchObject({ event: "phx_reply", payload: { status: "ok" } });
    expect(await c.next((f) => f.event === "phx_close")).toEqual({ event: "phx_close", payload: {}, ref: "1", topic: "room:dup" });
    c.close();
  });
});

describe("idle sockets", () => {
  it("closes a socket silent for longer than the heartbeat timeout, and keeps one that beats", async () => {
    const quick = await startTestServer({ config: { HEARTBEAT_TIMEOUT_MS: 1500 } });
    try {
      const idle = await RawClient.connect(`${quick.wsUrl}/websocket?vsn=2.0.0`);
      const beating = await RawClient.connect(`${quick.wsUrl}/websocket?vsn=2.0.0`);
      const timer = setInterval(() => beating.send([null, "hb", "phoenix", "heartbeat", {}]), 500);
      expect(await idle.closed(5000)).toBe(1001);
      clearInterval(timer);
      expect(beating.closeCode).toBeNull();
      beating.close();
    } finally {
      await quick.close();
    }
  });

  it("closes every socket with 1012 on a draining shutdown", async () => {
    const draining = await startTestServer();
    const c = await RawClient.connect(`${draining.wsUrl}/websocket?vsn=2.0.0`);
    await draining.close();
    expect(await c.closed()).toBe(1012);
  });
});
