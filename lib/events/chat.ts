import { z } from "zod";
import { idSchema, joinTokenSchema, timestampSchema, type ChannelEvents } from "./common";

export const MESSAGE_MAX_LENGTH = 4000;

export const chatJoinSchema = joinTokenSchema.extend({
  /** Reconnect recovery: only messages after this one are returned. */
  last_seen_id: idSchema.optional(),
});

export const sendMessageSchema = z.object({
  content: z
    .string()
    .trim()
    .min(1, "message is empty")
    .max(MESSAGE_MAX_LENGTH, `message is longer than ${MESSAGE_MAX_LENGTH} characters`),
  /**
   * The sender's own id for this message, unique per sender and room: a retry with the same id
   * and content answers with the stored message instead of storing it twice.
   */
  client_id: z.string().min(1).max(64).optional(),
});

export const typingSchema = z.object({ is_typing: z.boolean() });

export const markMessageReadSchema = z.object({ message_id: idSchema });

export const senderTypeSchema = z.enum(["user", "ai", "system"]);
export type SenderType = z.infer<typeof senderTypeSchema>;

export const chatMessageSchema = z.object({
  id: z.string(),
  room_id: z.string(),
  sender_id: z.string().nullable(),
  sender_type: senderTypeSchema,
  username: z.string(),
  content: z.string(),
  created_at: timestampSchema,
  /** The sender's client_id, so its tab can match the optimistic copy; null when none was sent. */
  client_id: z.string().nullable(),
});

export const userPresenceEventSchema = z.object({
  user_id: z.string(),
  username: z.string(),
  timestamp: timestampSchema,
});

export const userTypingSchema = z.object({
  user_id: z.string(),
  username: z.string(),
  is_typing: z.boolean(),
});

export const messageReadSchema = z.object({
  message_id: z.string(),
  user_id: z.string(),
  timestamp: timestampSchema,
});

export const messagesHistorySchema = z.object({ messages: z.array(chatMessageSchema) });

export const sendMessageReplySchema = z.object({ message_id: z.string() });

export const chatEvents = {
  join: chatJoinSchema,
  in: {
    message: sendMessageSchema,
    typing: typingSchema,
    mark_read: markMessageReadSchema,
  },
  out: {
    new_message: chatMessageSchema,
    /** Once per user (first tab in, last tab out), only in rooms of at most CHAT_MEMBER_EVENTS_MAX_ROOM users present. */
    user_joined: userPresenceEventSchema,
    user_left: userPresenceEventSchema,
    user_typing: userTypingSchema,
    message_read: messageReadSchema,
    messages_history: messagesHistorySchema,
  },
} satisfies ChannelEvents;

export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type SendMessage = z.infer<typeof sendMessageSchema>;
export type UserPresenceEvent = z.infer<typeof userPresenceEventSchema>;
export type UserTyping = z.infer<typeof userTypingSchema>;
export type MessageRead = z.infer<typeof messageReadSchema>;
export type MessagesHistory = z.infer<typeof messagesHistorySchema>;
