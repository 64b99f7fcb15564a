import type { Kysely, Selectable, Transaction } from "kysely";
import { assistantRoomId } from "@/lib/chat-rooms";
import type { Database } from "../database";
import { compiledOnce, type Placeholders } from "../compiled-query";
import { newId } from "../ids";
import type { SenderType } from "@/lib/events/chat";
import type { ChatMessageTable, ChatRoom } from "../tables/chat.table";

/** A message as the app sees it: its row without the internal ordering column. */
export type ChatMessage = Omit<Selectable<ChatMessageTable>, "seq">;

export interface ChatMember {
  user_id: string;
  username: string;
  display_name: string;
  joined_at: string;
  last_read_message_id: string | null;
}

export interface AssistantConversation<T = Record<string, unknown>> {
  room_id: string;
  user_id: string;
  command: "createshop";
  step: string;
  data: T;
  updated_at: string;
}

const MESSAGE_COLUMNS = ["id", "room_id", "sender_id", "sender_type", "username", "content", "created_at", "client_id"] as const;

// A join reads the room, the membership and the latest messages, and adds the member: compiled once.
const selectRoom = compiledOnce((db, p: Placeholders<{ roomId: string }>) => db.selectFrom("chat_rooms").selectAll().where("id", "=", p.value("roomId")));

export async function findRoom(db: Kysely<Database>, roomId: string): Promise<ChatRoom | null> {
  return (await selectRoom(db, { roomId }))[0] ?? null;
}

/**
 * Returns the open room, creating it first when missing (safe when two joins race). A room that
 * already exists is returned as it is, private or open: check `visibility` before admitting anyone.
 */
export async function ensureOpenRoom(db: Kysely<Database>, roomId: string, createdBy: string): Promise<ChatRoom> {
  await db
    .insertInto("chat_rooms")
    .values({ id: roomId, name: `Room ${roomId}`, shop_id: null, visibility: "open", created_by: createdBy, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  return db.selectFrom("chat_rooms").selectAll().where("id", "=", roomId).executeTakeFirstOrThrow();
}

export interface PrivateRoomInput {
  /** Use the builders of lib/chat-rooms.ts for reserved ids (assistant rooms, shop conversations). */
  id: string;
  name: string;
  createdBy: string;
  /** Everyone who may join, the creator included if they should. Nobody else ever can. */
  memberIds: readonly string[];
  shopId?: string | null;
}

/**
 * Creates a private room with exactly these members, room and members in one transaction.
 * Idempotent: when the room exists (a race, a second "message this shop"), the missing members
 * are added and the existing room is returned. Throws if the id belongs to an open room.
 */
export async function createPrivateRoom(db: Kysely<Database>, input: PrivateRoomInput): Promise<ChatRoom> {
  return db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    await trx
      .insertInto("chat_rooms")
      .values({ id: input.id, name: input.name, shop_id: input.shopId ?? null, visibility: "private", created_by: input.createdBy, created_at: now })
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
    const room = await trx.selectFrom("chat_rooms").selectAll().where("id", "=", input.id).executeTakeFirstOrThrow();
    if (room.visibility !== "private") throw new Error(`chat room ${input.id} exists and is open`);
    for (const userId of new Set(input.memberIds)) await addMember(trx, input.id, userId);
    return room;
  });
}

const selectMembership = compiledOnce((db, p: Placeholders<{ roomId: string; userId: string }>) =>
  db.selectFrom("chat_members").select("user_id").where("room_id", "=", p.value("roomId")).where("user_id", "=", p.value("userId")),
);

export async function isMember(db: Kysely<Database>, roomId: string, userId: string): Promise<boolean> {
  return (await selectMembership(db, { roomId, userId })).length > 0;
}

const insertMember = compiledOnce((db, p: Placeholders<{ roomId: string; userId: string; joinedAt: string }>) =>
  db
    .insertInto("chat_members")
    .values({ room_id: p.value("roomId"), user_id: p.value("userId"), joined_at: p.value("joinedAt"), last_read_message_id: null })
    .onConflict((oc) => oc.columns(["room_id", "user_id"]).doNothing())
    .returning("user_id"),
);

/** Idempotent; `created` is false when the user was already a member. */
export async function addMember(db: Kysely<Database>, roomId: string, userId: string): Promise<{ created: boolean }> {
  const inserted = await insertMember(db, { roomId, userId, joinedAt: new Date().toISOString() });
  return { created: inserted.length > 0 };
}

// Every private message looks its room's members up (away-notifications): compiled once.
const selectMembers = compiledOnce((db, p: Placeholders<{ roomId: string }>) =>
  db
    .selectFrom("chat_members as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.user_id", "u.username", "u.display_name", "m.joined_at", "m.last_read_message_id"])
    .where("m.room_id", "=", p.value("roomId"))
    .orderBy("m.joined_at"),
);

export function listMembers(db: Kysely<Database>, roomId: string): Promise<ChatMember[]> {
  return selectMembers(db, { roomId });
}

export interface InsertMessageInput {
  roomId: string;
  senderId: string | null;
  senderType: SenderType;
  username: string;
  content: string;
  /** The sender's id for this message: a retry with the same one is not stored twice. */
  clientId?: string | null;
}

/** `duplicate`: the sender's retry of a stored message; `conflict`: its client_id names another message. */
export type InsertMessageResult =
  | { status: "created" | "duplicate"; message: ChatMessage }
  | { status: "conflict"; message: ChatMessage };

/** Stores a message in its own transaction (a sender's messages go through the group commit instead). */
export function insertMessage(db: Kysely<Database>, input: InsertMessageInput): Promise<InsertMessageResult> {
  return db.transaction().execute((trx) => storeMessage(trx, input));
}

/**
 * Stores a message inside `trx`. Its seq is the room's next one: incrementing chat_rooms.last_seq
 * locks the room's row until commit, so within a room seq order is commit order on both dialects
 * (a message committed late can never land behind a seq a reader already saw), and messages of
 * different rooms never wait for each other. Throws when the room does not exist.
 */
export async function storeMessage(trx: Transaction<Database>, input: InsertMessageInput): Promise<InsertMessageResult> {
  const message: ChatMessage = {
    id: newId("msg"),
    room_id: input.roomId,
    sender_id: input.senderId,
    sender_type: input.senderType,
    username: input.username,
    content: input.content,
    created_at: new Date().toISOString(),
    client_id: input.clientId ?? null,
  };
  if (message.client_id !== null && message.sender_id !== null) {
    const [stored] = await selectByClientId(trx, { roomId: message.room_id, senderId: message.sender_id, clientId: message.client_id });
    if (stored) return { status: stored.content === message.content ? "duplicate" : "conflict", message: stored };
  }
  const [room] = await nextSeq(trx, { roomId: message.room_id });
  if (!room) throw new Error(`chat room ${message.room_id} does not exist`);
  await insertMessageRow(trx, { ...message, seq: room.last_seq });
  return { status: "created", message };
}

// A chat message's three statements, compiled once (every message of every room runs them).
const selectByClientId = compiledOnce((db, p: Placeholders<{ roomId: string; senderId: string; clientId: string }>) =>
  db
    .selectFrom("chat_messages")
    .select(MESSAGE_COLUMNS)
    .where("room_id", "=", p.value("roomId"))
    .where("sender_id", "=", p.value("senderId"))
    .where("client_id", "=", p.value("clientId")),
);

const nextSeq = compiledOnce((db, p: Placeholders<{ roomId: string }>) =>
  db
    .updateTable("chat_rooms")
    .set((eb) => ({ last_seq: eb("last_seq", "+", 1) }))
    .where("id", "=", p.value("roomId"))
    .returning("last_seq"),
);

const insertMessageRow = compiledOnce((db, p: Placeholders<Selectable<ChatMessageTable>>) =>
  db.insertInto("chat_messages").values({
    id: p.value("id"),
    seq: p.value("seq"),
    room_id: p.value("room_id"),
    sender_id: p.value("sender_id"),
    sender_type: p.value("sender_type"),
    username: p.value("username"),
    content: p.value("content"),
    created_at: p.value("created_at"),
    client_id: p.value("client_id"),
  }),
);

export async function findMessage(db: Kysely<Database>, id: string): Promise<ChatMessage | null> {
  return (await db.selectFrom("chat_messages").select(MESSAGE_COLUMNS).where("id", "=", id).executeTakeFirst()) ?? null;
}

const selectRecentMessages = compiledOnce((db, p: Placeholders<{ roomId: string; limit: number }>) =>
  db.selectFrom("chat_messages").select(MESSAGE_COLUMNS).where("room_id", "=", p.value("roomId")).orderBy("seq", "desc").limit(p.value("limit")),
);

/** The latest `limit` messages of the room, oldest first. */
export async function listRecentMessages(db: Kysely<Database>, roomId: string, limit = 50): Promise<ChatMessage[]> {
  return (await selectRecentMessages(db, { roomId, limit })).reverse();
}

/**
 * Messages of the room stored after `lastSeenId`, oldest first, at most `limit`.
 * Returns null when `lastSeenId` is not a message of this room, so the caller can fall back
 * to listRecentMessages instead of guessing.
 */
export async function listMessagesAfter(
  db: Kysely<Database>,
  roomId: string,
  lastSeenId: string,
  limit = 100,
): Promise<ChatMessage[] | null> {
  const anchor = await db
    .selectFrom("chat_messages")
    .select("seq")
    .where("id", "=", lastSeenId)
    .where("room_id", "=", roomId)
    .executeTakeFirst();
  if (!anchor) return null;
  return db
    .selectFrom("chat_messages")
    .select(MESSAGE_COLUMNS)
    .where("room_id", "=", roomId)
    .where("seq", ">", anchor.seq)
    .orderBy("seq")
    .limit(limit)
    .execute();
}

/**
 * The room's messages stored at or after `since` (ISO time), oldest first, among its latest
 * `limit`: bounded work however long the room's history.
 */
export async function listMessagesSince(db: Kysely<Database>, roomId: string, since: string, limit: number): Promise<ChatMessage[]> {
  return (await listRecentMessages(db, roomId, limit)).filter((m) => m.created_at >= since);
}

/**
 * Records that the user read the message (the first read time wins) and moves the member's
 * last_read_message_id forward, never backward. Returns null when the message does not exist.
 */
export async function markRead(db: Kysely<Database>, messageId: string, userId: string): Promise<{ read_at: string } | null> {
  return db.transaction().execute(async (trx) => {
    const message = await trx.selectFrom("chat_messages").select(["room_id", "seq"]).where("id", "=", messageId).executeTakeFirst();
    if (!message) return null;
    await trx
      .insertInto("message_reads")
      .values({ message_id: messageId, user_id: userId, read_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(["message_id", "user_id"]).doNothing())
      .execute();
    await trx
      .updateTable("chat_members")
      .set({ last_read_message_id: messageId })
      .where("room_id", "=", message.room_id)
      .where("user_id", "=", userId)
      .where((eb) =>
        eb.or([
          eb("last_read_message_id", "is", null),
          eb(eb.selectFrom("chat_messages as prev").select("prev.seq").whereRef("prev.id", "=", "chat_members.last_read_message_id"), "<", message.seq),
        ]),
      )
      .execute();
    return trx
      .selectFrom("message_reads")
      .select("read_at")
      .where("message_id", "=", messageId)
      .where("user_id", "=", userId)
      .executeTakeFirstOrThrow();
  });
}

export async function getConversation<T = Record<string, unknown>>(
  db: Kysely<Database>,
  roomId: string,
  userId: string,
): Promise<AssistantConversation<T> | null> {
  const [row] = await selectConversation(db, { roomId, userId });
  return row ? { ...row, data: JSON.parse(row.data) as T } : null;
}

// Looked up on every message (an unfinished assistant conversation takes the answer): compiled once.
const selectConversation = compiledOnce((db, p: Placeholders<{ roomId: string; userId: string }>) =>
  db.selectFrom("assistant_conversations").selectAll().where("room_id", "=", p.value("roomId")).where("user_id", "=", p.value("userId")),
);

export interface SaveConversationInput {
  roomId: string;
  userId: string;
  command: "createshop";
  step: string;
  data: unknown;
}

/** Upserts the assistant state for (room, user) so a multi-step command survives reconnects. */
export async function saveConversation(db: Kysely<Database>, input: SaveConversationInput): Promise<void> {
  const values = {
    command: input.command,
    step: input.step,
    data: JSON.stringify(input.data),
    updated_at: new Date().toISOString(),
  };
  await db
    .insertInto("assistant_conversations")
    .values({ room_id: input.roomId, user_id: input.userId, ...values })
    .onConflict((oc) => oc.columns(["room_id", "user_id"]).doUpdateSet(values))
    .execute();
}

export async function deleteConversation(db: Kysely<Database>, roomId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom("assistant_conversations")
    .where("room_id", "=", roomId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export interface MemberRoomSummary {
  id: string;
  name: string;
  /** Messages of others after the member's last read one. */
  unread: number;
  last_message: ChatMessage | null;
}

/** The rooms the user is a member of (only one shop's conversations, with `shopId`), the most recently active first. */
export async function listRoomsForMember(db: Kysely<Database>, userId: string, { shopId = null }: { shopId?: string | null } = {}): Promise<MemberRoomSummary[]> {
  const rows = await db
    .selectFrom("chat_members as m")
    .innerJoin("chat_rooms as r", "r.id", "m.room_id")
    .leftJoin("shops as s", "s.id", "r.shop_id")
    .leftJoin("users as customer", "customer.id", "r.created_by")
    .select((eb) => [
      "r.id",
      "r.name",
      "r.created_at",
      "s.name as shop_name",
      "s.owner_id as shop_owner_id",
      "customer.display_name as customer_name",
      eb
        .selectFrom("chat_messages as msg")
        .select((c) => c.fn.countAll<number>().as("n"))
        .whereRef("msg.room_id", "=", "r.id")
        .where((w) => w.or([w("msg.sender_id", "is", null), w("msg.sender_id", "!=", userId)]))
        .where((w) =>
          w.or([
            w("m.last_read_message_id", "is", null),
            w("msg.seq", ">", w.selectFrom("chat_messages as last").select("last.seq").whereRef("last.id", "=", "m.last_read_message_id")),
          ]),
        )
        .as("unread"),
      eb
        .selectFrom("chat_messages as latest")
        .select("latest.id")
        .whereRef("latest.room_id", "=", "r.id")
        .orderBy("latest.seq", "desc")
        .limit(1)
        .as("last_message_id"),
    ])
    .where("m.user_id", "=", userId)
    .$if(shopId !== null, (qb) => qb.where("r.shop_id", "=", shopId))
    .execute();
  const lastIds = rows.map((r) => r.last_message_id).filter((id): id is string => id !== null);
  const lastMessages = lastIds.length
    ? await db.selectFrom("chat_messages").select(MESSAGE_COLUMNS).where("id", "in", lastIds).execute()
    : [];
  const byId = new Map(lastMessages.map((m) => [m.id, m]));
  const activity = (r: (typeof rows)[number]) => byId.get(r.last_message_id ?? "")?.created_at ?? r.created_at;
  return rows
    .sort((a, b) => activity(b).localeCompare(activity(a)))
    .map((r) => ({ id: r.id, name: roomNameFor(userId, r), unread: Number(r.unread), last_message: byId.get(r.last_message_id ?? "") ?? null }));
}

/**
 * The name a member knows the room by: "Assistant" for their assistant room; in a conversation
 * with a shop (started by its customer) the shop's name for the customer and the customer's name
 * for the shop's owner; otherwise the room's own name.
 */
function roomNameFor(
  viewerId: string,
  room: { id: string; name: string; shop_name: string | null; shop_owner_id: string | null; customer_name: string | null },
): string {
  if (room.id === assistantRoomId(viewerId)) return "Assistant";
  if (room.shop_name === null) return room.name;
  return room.shop_owner_id === viewerId ? (room.customer_name ?? room.name) : room.shop_name;
}
