import type { Kysely } from "kysely";
import { assistantRoomId, isReservedRoomId } from "@/lib/chat-rooms";
import type { Database } from "../store/database";
import { addMember, createPrivateRoom, ensureOpenRoom, findRoom, isMember } from "../store/repositories/chat.repository";
import type { ChatRoom } from "../store/tables/chat.table";

const ASSISTANT_ROOM_NAME = "Shop assistant";

/**
 * The one rule of who may enter a chat room (docs/chat-rooms.md). Returns the room the user may
 * join, or null: then nothing was created or added, and the caller answers `unauthorized` whether
 * the room is someone else's or does not exist, so a refusal tells nothing.
 * - an existing private room admits its members only;
 * - an existing open room admits everyone signed in and puts it on their room list (membership);
 * - a missing room is created open on the first join, unless its id is reserved: the user's own
 *   assistant room is then created private for them, any other reserved id is refused.
 */
export async function admitToRoom(db: Kysely<Database>, roomId: string, userId: string): Promise<ChatRoom | null> {
  let room = await findRoom(db, roomId);
  if (!room) {
    if (roomId === assistantRoomId(userId)) {
      return createPrivateRoom(db, { id: roomId, name: ASSISTANT_ROOM_NAME, createdBy: userId, memberIds: [userId] });
    }
    if (isReservedRoomId(roomId)) return null;
    // Returns the existing room instead when another join or the server created it meanwhile.
    room = await ensureOpenRoom(db, roomId, userId);
  }
  if (room.visibility === "private") return (await isMember(db, roomId, userId)) ? room : null;
  await addMember(db, roomId, userId);
  return room;
}
