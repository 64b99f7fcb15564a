import { afterEach, describe, expect, it } from "vitest";
import { useTestApp } from "../support/app";
import { SocketPool } from "../support/channel-helpers";
import { metricValue } from "../support/metrics";
import { join, nextEvent, push, waitFor } from "../support/phoenix";

const t = useTestApp();
const pool = new SocketPool(() => t);
afterEach(() => pool.disconnectAll());

const pushCount = async (event: string) =>
  metricValue(await t.app.server.endpoint.metrics.registry.metrics(), "realtime_client_pushes_total", { event });
const countRows = async (table: "chat_messages" | "notifications") =>
  Number((await t.app.context.db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

describe("client events: lookup, payloads and metrics", () => {
  it("answers unknown_event to names found on every object (constructor, __proto__, toString), and the socket keeps working", async () => {
    const { channel } = await pool.joinAs("user123", "notifications:user_user123");
    for (const event of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      expect(await push(channel, event, {})).toEqual({ status: "error", response: { reason: "unknown_event", event } });
    }
    expect((await push(channel, "mark_all_read", {})).status).toBe("ok");
  });

  it("counts unknown event names under one label, so random names cannot grow /metrics", async () => {
    const { channel } = await pool.joinAs("user123", "notifications:user_user123");
    const before = await pushCount("unknown");
    const names = Array.from({ length: 20 }, (_, i) => `random_${i}_${"x".repeat(200)}`);
    for (const name of names) expect((await push(channel, name, {})).response.reason).toBe("unknown_event");
    expect(await pushCount("unknown")).toBe(before + names.length);
    const text = await t.app.server.endpoint.metrics.registry.metrics();
    for (const name of names) expect(text).not.toContain(name);
    // Known names keep their own label.
    await push(channel, "mark_all_read", {});
    expect(await pushCount("mark_all_read")).toBeGreaterThan(0);
  });

  it("refuses a binary payload to an event with a JSON schema, before it is parsed", async () => {
    const { channel } = await pool.joinAs("user123", "notifications:user_user123");
    const bytes = new Uint8Array(64 * 1024 - 100).fill(7).buffer;
    expect(await push(channel, "mark_all_read", bytes)).toEqual({
      status: "error",
      response: { reason: "invalid_payload", errors: { payload: ["binary payload not accepted"] } },
    });
    const chat = await pool.joinAs("user123", "chat:room_binary");
    const before = await countRows("chat_messages");
    expect((await push(chat.channel, "message", bytes)).response.reason).toBe("invalid_payload");
    expect(await countRows("chat_messages")).toBe(before);
  });

  it("takes a strict empty object for events without arguments", async () => {
    const { channel } = await pool.joinAs("user123", "notifications:user_user123");
    const reply = await push(channel, "mark_all_read", { extra: "x".repeat(1000) });
    expect(reply.status).toBe("error");
    expect(reply.response.reason).toBe("invalid_payload");
    expect((await push(channel, "mark_all_read", {})).status).toBe("ok");
  });
});

describe("chat message client_id: acknowledged means stored once", () => {
  it("a retry with the same client_id and content returns the stored message; the room hears it once", async () => {
    const sender = await pool.joinAs("user123", "chat:room_retry");
    const listener = await pool.joinAs("user456", "chat:room_retry");
    const heard: any[] = [];
    listener.channel.on("new_message", (m) => {
      heard.push(m);
    });
    const received = nextEvent(sender.channel, "new_message");
    const first = await push(sender.channel, "message", { content: "Is the lamp still there?", client_id: "c-1" });
    expect(first.status).toBe("ok");
    expect(await received).toMatchObject({ id: first.response.message_id, client_id: "c-1" });
    const retry = await push(sender.channel, "message", { content: "Is the lamp still there?", client_id: "c-1" });
    expect(retry).toEqual({ status: "ok", response: { message_id: first.response.message_id } });
    const rows = await t.app.context.db.selectFrom("chat_messages").select(["id", "client_id"]).where("room_id", "=", "retry").execute();
    expect(rows).toEqual([{ id: first.response.message_id, client_id: "c-1" }]);
    // A later message arrives at the listener after the first and nothing in between.
    await push(sender.channel, "message", { content: "next" });
    await waitFor(() => heard.length === 2, 3000, "two messages at the listener");
    expect(heard.map((m) => m.content)).toEqual(["Is the lamp still there?", "next"]);
    expect(heard[1].client_id).toBeNull();
  });

  it("refuses the same client_id with other content and stores nothing", async () => {
    const { channel } = await pool.joinAs("user123", "chat:room_reuse");
    const first = await push(channel, "message", { content: "one", client_id: "c-2" });
    const before = await countRows("chat_messages");
    expect(await push(channel, "message", { content: "two", client_id: "c-2" })).toEqual({
      status: "error",
      response: { reason: "client_id_reused", message_id: first.response.message_id },
    });
    expect(await countRows("chat_messages")).toBe(before);
  });

  it("client_id is per sender: another user may use the same one in the same room", async () => {
    const a = await pool.joinAs("user123", "chat:room_shared_ids");
    const b = await pool.joinAs("user456", "chat:room_shared_ids");
    const first = await push(a.channel, "message", { content: "hello", client_id: "same" });
    const second = await push(b.channel, "message", { content: "hello", client_id: "same" });
    expect(second.status).toBe("ok");
    expect(second.response.message_id).not.toBe(first.response.message_id);
  });
});
