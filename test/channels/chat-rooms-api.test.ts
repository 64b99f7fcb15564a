import { describe, expect, it } from "vitest";
import { useTestApp } from "../support/app";
import { join, phoenixSocket, push } from "../support/phoenix";

const t = useTestApp();

describe("GET /api/v1/chat/rooms", () => {
  it("lists the caller's rooms, most recently active first, with unread counts and the last message", async () => {
    const { status, body } = await t.api("user123", "GET", "/api/v1/chat/rooms");
    expect(status).toBe(200);
    expect(body.rooms.map((r: { id: string }) => r.id)).toEqual(["12345", "abc123"]);
    const [support, deals] = body.rooms;
    // Nothing read yet: every message from someone else (the assistant's included) is unread.
    // A conversation with a shop is named after the shop for its customer.
    expect(support).toMatchObject({ name: "Hudson Tech", unread: 3, last_message: { id: "msg_demo_12345_5", sender_id: "owner1" } });
    expect(deals).toMatchObject({ name: "Neighborhood deals", unread: 2 });
    expect((await t.api(null, "GET", "/api/v1/chat/rooms")).status).toBe(401);
    expect(await t.api("user789", "GET", "/api/v1/chat/rooms")).toEqual({ status: 200, body: { rooms: [] } });
  });

  it("names each room as its viewer knows it: the shop, the customer, the assistant", async () => {
    const owner = await t.api("owner1", "GET", "/api/v1/chat/rooms");
    expect(owner.body.rooms.find((r: { id: string }) => r.id === "12345").name).toBe("Maya Chen");
    const socket = phoenixSocket(t.wsUrl, { token: await t.token("user789") });
    await join(socket.channel("chat:room_assistant_user789", {}));
    const { body } = await t.api("user789", "GET", "/api/v1/chat/rooms");
    expect(body.rooms).toEqual([expect.objectContaining({ id: "assistant_user789", name: "Assistant" })]);
    socket.disconnect();
  });

  it("follows reads and joins: mark_read lowers unread, a first join adds the room", async () => {
    const socket = phoenixSocket(t.wsUrl, { token: await t.token("user123") });
    const room = socket.channel("chat:room_abc123", {});
    await join(room);
    expect((await push(room, "mark_read", { message_id: "msg_demo_abc123_3" })).status).toBe("ok");
    await join(socket.channel("chat:room_fresh_room", {}));
    const { body } = await t.api("user123", "GET", "/api/v1/chat/rooms");
    expect(body.rooms.find((r: { id: string }) => r.id === "abc123").unread).toBe(0);
    expect(body.rooms.find((r: { id: string }) => r.id === "fresh_room")).toEqual({ id: "fresh_room", name: "Room fresh_room", unread: 0, last_message: null });
    socket.disconnect();
  });
});
