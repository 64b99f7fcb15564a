import type { Generated, Selectable } from "kysely";
import type { SenderType } from "@/lib/events/chat";


/** private: only its members may join (docs/chat-rooms.md). open: any signed-in user may. */
export type RoomVisibility = "private" | "open";

export interface ChatRoomTable {
  /** The room id from the channel topic, e.g. '12345' for 'chat:12345'. */
  id: string;
  name: string;
  shop_id: string | null;
  visibility: RoomVisibility;
  /** The seq of the room's latest message; incremented under the room's row lock for each new one. */
  last_seq: Generated<number>;
  created_by: string;
  created_at: string;
}

export interface ChatMemberTable {
  room_id: string;
  user_id: string;
  joined_at: string;
  last_read_message_id: string | null;
}

export interface ChatMessageTable {
  id: string;
  /** The message's position in its room (1, 2, ...), allocated from chat_rooms.last_seq. */
  seq: number;
  room_id: string;
  /** null for assistant and system messages. */
  sender_id: string | null;
  sender_type: SenderType;
  username: string;
  content: string;
  created_at: string;
  /** The sender's id for this message (retries carry the same one); unique per sender and room. */
  client_id: string | null;
}

export interface MessageReadTable {
  message_id: string;
  user_id: string;
  read_at: string;
}

export interface AssistantConversationTable {
  room_id: string;
  user_id: string;
  command: "createshop";
  step: string;
  /** JSON text. */
  data: string;
  updated_at: string;
}

export type ChatRoom = Selectable<ChatRoomTable>;
export type ChatMemberRow = Selectable<ChatMemberTable>;
export type ChatMessageRow = Selectable<ChatMessageTable>;
