import type { Socket } from "phoenix";
import { describe, expect, it } from "vitest";
import { assistantRoomId, shopConversationId } from "@/lib/chat-rooms";
import { createPrivateRoom, listMembers } from "@/server/store/repositories/chat.repository";
import { useTestApp } from "../support/app";
import { useSocketPool } from "../support/channel-helpers";
import { join, nextEvent, push, waitFor } from "../support/phoenix";

const t = useTestApp();
// Each test starts with nobody in any room.
const pool = useSocketPool(t);

const db = () => t.app.context.db;
const UNAUTHORIZED = { status: "error", response: { reason: "unauthorized" } };
/** Joins once: phoenix.js would retry a refused join every 50 ms, so a refused channel is left. */
async function joinOnce(socket: Socket, topic: string) {
  const channel = socket.channel(topic, {});
  const reply = await join(channel);
  if (reply.status !== "ok") channel.leave();
  return reply;
}
const memberIds = async (roomId: string) => (await listMembers(db(), roomId)).map((m) => m.user_id).sort();
const roomExists = async (roomId: string) => (await db().selectFrom("chat_rooms").select("id").where("id", "=", roomId).executeTakeFirst()) !== undefined;

describe("chat: private rooms", () => {
  it("a stranger cannot join a shop conversation and learns nothing: no history, no presence, no membership", async () => {
    const { channel: mayaRoom } = await pool.joinAs("user123", "chat:room_12345");
    const joinedSeen: string[] = [];
    mayaRoom.on("user_joined", (e: { user_id: string }) => void joinedSeen.push(e.user_id));

    const stranger = await pool.connect("user456");
    const strangerRoom = stranger.channel("chat:room_12345", {});
    const history: unknown[] = [];
    strangerRoom.on("messages_history", (h) => void history.push(h));
    strangerRoom.on("presence_state", (p) => void history.push(p));
    expect(await join(strangerRoom)).toEqual(UNAUTHORIZED);
    strangerRoom.leave();
    expect(await memberIds("12345")).toEqual(["owner1", "user123"]);

    // The shop's owner joins next: the first user_joined Maya sees is hers, not the stranger's.
    const ownerJoined = nextEvent(mayaRoom, "user_joined");
    await pool.joinAs("owner1", "chat:room_12345");
    expect((await ownerJoined).user_id).toBe("owner1");
    expect(joinedSeen).toEqual(["owner1"]);
    expect(history).toEqual([]);
  });

  it("a user's assistant room is theirs alone, created private on their own first join", async () => {
    const room = assistantRoomId("user789");
    const stranger = await pool.connect("user456");
    expect(await joinOnce(stranger, `chat:room_${room}`)).toEqual(UNAUTHORIZED);
    expect(await roomExists(room)).toBe(false);

    await pool.joinAs("user789", `chat:room_${room}`);
    expect(await memberIds(room)).toEqual(["user789"]);
    expect(await joinOnce(stranger, `chat:room_${room}`)).toEqual(UNAUTHORIZED);
    expect(await memberIds(room)).toEqual(["user789"]);
  });

  it("nobody can create a reserved id as an open room, not even the shopper it names", async () => {
    const conversation = shopConversationId("shop_2", "user456");
    const shopper = await pool.connect("user456");
    expect(await joinOnce(shopper, `chat:room_${conversation}`)).toEqual(UNAUTHORIZED);
    expect(await joinOnce(shopper, "chat:room_assistant_someone_else")).toEqual(UNAUTHORIZED);
    expect(await roomExists(conversation)).toBe(false);
    expect(await roomExists("assistant_someone_else")).toBe(false);

    // Created by the server with named members, the conversation admits exactly them.
    await createPrivateRoom(db(), { id: conversation, name: "Shop 2", createdBy: "user456", memberIds: ["user456", "owner1"], shopId: "shop_2" });
    expect((await joinOnce(shopper, `chat:room_${conversation}`)).status).toBe("ok");
    const other = await pool.connect("user789");
    expect(await joinOnce(other, `chat:room_${conversation}`)).toEqual(UNAUTHORIZED);
  });
});

describe("chat: open rooms", () => {
  it("anyone signed in may join; the room lands on their list, but visitors get no away-notifications", async () => {
    const { channel: visited } = await pool.joinAs("user789", "chat:room_abc123");
    expect(await memberIds("abc123")).toContain("user789");
    const rooms = await t.api("user789", "GET", "/api/v1/chat/rooms");
    expect(rooms.body.rooms.map((r: { id: string }) => r.id)).toContain("abc123");
    visited.leave();
    await waitFor(() => !t.app.server.endpoint.channelCounts().chat, 3000, "the visitor to leave");

    await createPrivateRoom(db(), { id: "visitor-private", name: "Private", createdBy: "user123", memberIds: ["user123", "user789"] });
    const visitor = await pool.connect("user789");
    const notifications = visitor.channel("notifications:user_user789", {});
    await join(notifications);
    const received: { data: { room_id: string } }[] = [];
    notifications.on("new_notification", (n) => void received.push(n));

    const { channel: openRoom } = await pool.joinAs("user123", "chat:room_abc123");
    expect((await push(openRoom, "message", { content: "Anyone in the open room?" })).status).toBe("ok");
    const { channel: privateRoom } = await pool.joinAs("user123", "chat:room_visitor-private");
    expect((await push(privateRoom, "message", { content: "Only for you" })).status).toBe("ok");

    await waitFor(() => received.length > 0, 3000, "the private room's notification");
    expect(received.map((n) => n.data.room_id)).toEqual(["visitor-private"]);
    const stored = await db().selectFrom("notifications").select("data").where("recipient_id", "=", "user789").where("type", "=", "new_message").execute();
    expect(stored.map((n) => JSON.parse(n.data).room_id)).toEqual(["visitor-private"]);
  });
});
