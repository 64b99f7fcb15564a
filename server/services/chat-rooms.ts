import type { Kysely } from "kysely";
import { assistantRoomId, isReservedRoomId } from "@/lib/chat-rooms";
import type { Database } from "../store/database";
import { addMember, createPrivateRoom, ensureOpenRoom, findRoom, isMember } from "../store/repositories/chat.repository";
import type { ChatRoom } from "../store/tables/chat.table";
import { authorize, relationsOf, type Access } from "./permissions";

const ASSISTANT_ROOM_NAME = "Shop assistant";

export type Admission = { ok: true; room: ChatRoom; access: Access } | { ok: false; reason: string };

/**
 * Who may enter a chat room (docs/chat-rooms.md), decided by the permission table. On a refusal
 * nothing was created or added, and the reason is the same whether the room is someone else's or
 * does not exist, so a refusal tells nothing.
 * - an existing private room admits its members only;
 * - an existing open room admits everyone signed in and puts it on their room list (membership);
 * - a missing room is created open on the first join, unless its id is reserved: the user's own
 *   assistant room is then created private for them, any other reserved id is refused.
 */
export async function admitToRoom(db: Kysely<Database>, roomId: string, userId: string | null): Promise<Admission> {
  const existing = await findRoom(db, roomId);
  const access = await accessTo(db, roomId, existing, userId);
  const decision = authorize(access.subject, "join", access.relations);
  if (!decision.ok) return decision;
  if (!userId) throw new Error("the permission table admitted an anonymous caller to a chat room");
  if (existing?.visibility === "private") return { ok: true, room: existing, access };
  if (!existing && roomId === assistantRoomId(userId)) {
    const room = await createPrivateRoom(db, { id: roomId, name: ASSISTANT_ROOM_NAME, createdBy: userId, memberIds: [userId] });
    return { ok: true, room, access };
  }
  // Returns the existing room instead when another join or the server created it meanwhile.
  const room = existing ?? (await ensureOpenRoom(db, roomId, userId));
  if (room.visibility === "private") return admitToRoom(db, roomId, userId);
  // A write per join only for a newcomer: rejoining (every reconnect, every tab) reads.
  if (!access.relations.has("member")) await addMember(db, roomId, userId);
  return { ok: true, room, access };
}

/** What the room is to the permission table, and how the caller relates to it. */
async function accessTo(
  db: Kysely<Database>,
  roomId: string,
  room: ChatRoom | null,
  userId: string | null,
): Promise<Access> {
  if (!room) {
    // The user's own assistant room is theirs before it exists; other reserved ids are nobody's.
    if (!isReservedRoomId(roomId)) return { subject: "chat_open", relations: relationsOf(userId, []) };
    const own = userId !== null && roomId === assistantRoomId(userId);
    return { subject: "chat_private", relations: relationsOf(userId, own ? ["member"] : []) };
  }
  const member = userId !== null && (await isMember(db, roomId, userId));
  return { subject: room.visibility === "private" ? "chat_private" : "chat_open", relations: relationsOf(userId, member ? ["member"] : []) };
}
