import type { Transaction } from "kysely";
import type { ChatMessage, NewMessageNotificationData } from "@/lib/events";
import type { AppContext } from "../../services/context";
import type { Notify } from "../../services/notifier";
import type { Database } from "../../store/database";
import { listMembers } from "../../store/repositories/chat.repository";

const PREVIEW_LENGTH = 120;

/**
 * Members who are not on the room's topic right now (no tab open on it) hear about a new
 * message through their notifications instead, stored in the message's transaction.
 */
export async function notifyAwayMembers(
  app: AppContext,
  trx: Transaction<Database>,
  notify: Notify,
  topic: string,
  message: ChatMessage & { sender_id: string },
): Promise<void> {
  const members = await listMembers(trx, message.room_id);
  const away = members.filter((m) => m.user_id !== message.sender_id && !app.presence.isPresent(topic, m.user_id));
  const data: NewMessageNotificationData = {
    room_id: message.room_id,
    message_id: message.id,
    sender_id: message.sender_id,
    username: message.username,
    preview: message.content.slice(0, PREVIEW_LENGTH),
  };
  for (const member of away) await notify({ type: "user", id: member.user_id }, "new_message", data);
}
