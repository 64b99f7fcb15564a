import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  addMember,
  createPrivateRoom,
  deleteConversation,
  ensureOpenRoom,
  getConversation,
  insertMessage,
  listMembers,
  listMessagesAfter,
  listRecentMessages,
  markRead,
  saveConversation,
} from "@/server/store/repositories/chat.repository";
import { admitToRoom } from "@/server/services/chat-rooms";
import { assistantRoomId, shopConversationId } from "@/lib/chat-rooms";
import { openSeededStore, type TestStore } from "./helpers";

let store: TestStore;
beforeEach(async () => (store = await openSeededStore()));
afterEach(() => store.dispose());

const say = async (roomId: string, content: string) =>
  (await insertMessage(store.db, { roomId, senderId: "user123", senderType: "user", username: "user123", content })).message;

describe("chat", () => {
  it("ensureOpenRoom creates once and addMember is idempotent", async () => {
    const { db } = store;
    const room = await ensureOpenRoom(db, "room-x", "user456");
    expect(room).toMatchObject({ id: "room-x", name: "Room room-x", visibility: "open", created_by: "user456" });
    expect(await ensureOpenRoom(db, "room-x", "user789")).toMatchObject({ created_by: "user456" });
    expect(await addMember(db, "room-x", "user456")).toEqual({ created: true });
    expect(await addMember(db, "room-x", "user456")).toEqual({ created: false });
    expect((await listMembers(db, "room-x")).map((m) => m.username)).toEqual(["user456"]);
  });

  it("createPrivateRoom stores exactly the named members, is idempotent and never turns an open room private", async () => {
    const { db } = store;
    const id = shopConversationId("shop_2", "user456");
    const input = { id, name: "Diego and Shop 2", createdBy: "user456", memberIds: ["user456", "owner1"], shopId: "shop_2" };
    expect(await createPrivateRoom(db, input)).toMatchObject({ id, visibility: "private", shop_id: "shop_2" });
    expect(await createPrivateRoom(db, { ...input, memberIds: ["user456", "owner1", "user789"] })).toMatchObject({ id, name: "Diego and Shop 2" });
    expect((await listMembers(db, id)).map((m) => m.user_id).sort()).toEqual(["owner1", "user456", "user789"]);
    await expect(createPrivateRoom(db, { ...input, id: "abc123" })).rejects.toThrow(/open/);
    expect((await listMembers(db, "abc123")).map((m) => m.user_id).sort()).toEqual(["owner1", "user123"]);
  });

  it("admitToRoom: members of private rooms only, anyone into open rooms, reserved ids never created open", async () => {
    const { db } = store;
    const memberIds = async (roomId: string) => (await listMembers(db, roomId)).map((m) => m.user_id).sort();
    expect(await admitToRoom(db, "12345", "user123")).toMatchObject({ ok: true, room: { id: "12345", visibility: "private" } });
    expect(await admitToRoom(db, "12345", "user456")).toEqual({ ok: false, reason: "unauthorized" });
    expect(await memberIds("12345")).toEqual(["owner1", "user123"]);

    expect(await admitToRoom(db, "abc123", "user456")).toMatchObject({ ok: true, room: { visibility: "open" } });
    expect(await memberIds("abc123")).toEqual(["owner1", "user123", "user456"]);
    expect(await admitToRoom(db, "brand-new", "user789")).toMatchObject({ ok: true, room: { visibility: "open", created_by: "user789" } });

    expect(await admitToRoom(db, assistantRoomId("user123"), "user456")).toEqual({ ok: false, reason: "unauthorized" });
    expect(await admitToRoom(db, shopConversationId("shop_1", "user456"), "user456")).toEqual({ ok: false, reason: "unauthorized" });
    expect(await db.selectFrom("chat_rooms").select("id").where("id", "in", [assistantRoomId("user123"), shopConversationId("shop_1", "user456")]).execute()).toEqual([]);
    expect(await admitToRoom(db, assistantRoomId("user123"), "user123")).toMatchObject({ ok: true, room: { visibility: "private", created_by: "user123" } });
    expect(await admitToRoom(db, assistantRoomId("user123"), "user456")).toEqual({ ok: false, reason: "unauthorized" });
    expect(await memberIds(assistantRoomId("user123"))).toEqual(["user123"]);
  });

  it("listMessagesAfter returns exactly the messages after the given id, oldest first", async () => {
    const { db } = store;
    await ensureOpenRoom(db, "room-y", "user123");
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(await say("room-y", `m${i}`));
    await say("12345", "other room");

    expect((await listMessagesAfter(db, "room-y", sent[1].id, 100))?.map((m) => m.content)).toEqual(["m2", "m3", "m4"]);
    expect((await listMessagesAfter(db, "room-y", sent[1].id, 2))?.map((m) => m.content)).toEqual(["m2", "m3"]);
    expect(await listMessagesAfter(db, "room-y", sent[4].id)).toEqual([]);
    expect(await listMessagesAfter(db, "room-y", "msg_unknown")).toBeNull();
    // An id from another room is not an anchor for this one.
    expect(await listMessagesAfter(db, "12345", sent[0].id)).toBeNull();

    const recent = await listRecentMessages(db, "room-y", 3);
    expect(recent.map((m) => m.content)).toEqual(["m2", "m3", "m4"]);
    expect(recent[0]).toEqual(sent[2]);
  });

  it("gives concurrent inserts distinct, increasing positions", async () => {
    const { db } = store;
    await ensureOpenRoom(db, "room-z", "user123");
    const sent = await Promise.all(Array.from({ length: 20 }, (_, i) => say("room-z", `c${i}`)));
    const stored = await listRecentMessages(db, "room-z", 50);
    expect(stored).toHaveLength(20);
    expect(new Set(stored.map((m) => m.id))).toEqual(new Set(sent.map((m) => m.id)));
    const rows = await db.selectFrom("chat_messages").select("seq").where("room_id", "=", "room-z").orderBy("seq").execute();
    expect(new Set(rows.map((r) => r.seq)).size).toBe(20);
  });

  it("markRead keeps the first read time and only moves last_read forward", async () => {
    const { db } = store;
    const a = await say("12345", "a");
    const b = await say("12345", "b");
    const firstRead = await markRead(db, b.id, "owner1");
    expect(firstRead).toEqual({ read_at: expect.any(String) });
    expect(await markRead(db, b.id, "owner1")).toEqual(firstRead);
    await markRead(db, a.id, "owner1");
    const owner = (await listMembers(db, "12345")).find((m) => m.user_id === "owner1");
    expect(owner?.last_read_message_id).toBe(b.id);
    expect(await markRead(db, "msg_unknown", "owner1")).toBeNull();
  });

  it("stores the assistant conversation per room and user", async () => {
    const { db } = store;
    expect(await getConversation(db, "12345", "user123")).toBeNull();
    await saveConversation(db, { roomId: "12345", userId: "user123", command: "createshop", step: "name", data: {} });
    await saveConversation(db, { roomId: "12345", userId: "user123", command: "createshop", step: "location", data: { name: "Cafe" } });
    expect(await getConversation(db, "12345", "user123")).toMatchObject({ step: "location", data: { name: "Cafe" } });
    expect(await getConversation(db, "12345", "owner1")).toBeNull();
    expect(await deleteConversation(db, "12345", "user123")).toBe(true);
    expect(await getConversation(db, "12345", "user123")).toBeNull();
  });
});
