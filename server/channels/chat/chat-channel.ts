import {
  chatEvents,
  type ChatMessage,
  type MessageRead,
  type MessagesHistory,
  type UserPresenceEvent,
  type UserTyping,
} from "@/lib/events";
import { REASON } from "@/lib/protocol";
import { parseTopic } from "@/lib/topics";
import { defineChannel, error, joined, ok, refused, type JoinResult } from "../../channel/channel";
import { authorizeByJoinAccess } from "../join-access";
import type { RateLimit } from "../../limits/limiter-store";
import { admitToRoom } from "../../services/chat-rooms";
import type { Access } from "../../services/permissions";
import type { AppContext } from "../../services/context";
import { newId } from "../../store/ids";
import {
  findMessage,
  listMessagesAfter,
  listMessagesSince,
  listRecentMessages,
  markRead,
  storeMessage,
} from "../../store/repositories/chat.repository";
import { findUserById } from "../../store/repositories/users.repository";
import { answerMessage, pendingQuestion } from "./assistant/assistant";
import { notifyAwayMembers } from "./away-members";

const HISTORY_SIZE = 50;
/** How far a reconnecting client can catch up (HISTORY_MAX_BYTES too); beyond that it gets the latest page. */
const RECOVERY_LIMIT = 500;
/**
 * A history page goes out twice (join reply, messages_history): capped by bytes too, so joining a
 * room of long messages is one burst that drains at once, far from SLOW_CONSUMER_BYTES.
 */
const HISTORY_MAX_BYTES = 128 * 1024;
/** Per socket, counted on its node; a user's sockets together have CHAT_MESSAGES_PER_USER_PER_MINUTE, counted by every node. */
const MESSAGE_LIMIT: RateLimit = { points: 10, seconds: 2 };
const TYPING_LIMIT: RateLimit = { points: 6, seconds: 2 };
const ASSISTANT_NAME = "assistant";

interface ChatState {
  roomId: string;
  access: Access;
  /** Away-notifications go to the members of private rooms only. */
  isPrivate: boolean;
  userId: string;
  username: string;
  /** The join reply's messages, handed to afterJoin for `messages_history`, then dropped. */
  joinHistory: ChatMessage[];
}

/**
 * `chat:room_<room_id>`: a room's messages, typing, read receipts and presence, plus the
 * `@command` assistant. Who may join is decided by admitToRoom (private and open rooms).
 */
export function createChatChannel(app: AppContext) {
  const userMessageLimiter = app.limits.shared("chat_messages_per_user", { points: app.config.CHAT_MESSAGES_PER_USER_PER_MINUTE, seconds: 60 });
  // Each user_joined/user_left is one frame to every member: n joins cost n²/2 frames. Above this
  // many users present only the merged presence_diff tells who came and went.
  const announcesMembers = (present: number) => present <= app.config.CHAT_MEMBER_EVENTS_MAX_ROOM;

  return defineChannel({
    name: "chat",
    patterns: ["chat:room_*"],
    events: chatEvents,

    async join(ctx, { last_seen_id }): Promise<JoinResult<ChatState>> {
      const parsed = parseTopic(ctx.topic);
      if (parsed?.kind !== "chat") return refused(REASON.notFound);
      // A token of a user deleted since is anonymous here.
      const user = ctx.user ? await findUserById(app.db, ctx.user.userId) : null;
      const admission = await admitToRoom(app.db, parsed.roomId, user?.id ?? null);
      if (!admission.ok || !user) return refused(admission.ok ? REASON.unauthorized : admission.reason);
      const { room, access } = admission;
      const roomId = room.id;
      const messages =
        (await recoverMissed(app, roomId, last_seen_id)) ?? newestWithin(await listRecentMessages(app.db, roomId, HISTORY_SIZE), HISTORY_MAX_BYTES);
      const state = { roomId, access, isPrivate: room.visibility === "private", userId: user.id, username: user.username, joinHistory: messages };
      return joined({ messages }, state);
    },

    async afterJoin(ctx) {
      const history: MessagesHistory = { messages: ctx.state.joinHistory };
      ctx.state = { ...ctx.state, joinHistory: [] };
      ctx.push("messages_history", history);
      const firstTab = await ctx.track(ctx.state.userId, { username: ctx.state.username, online_at: new Date().toISOString() });
      ctx.pushPresenceState();
      // Once per user, however many tabs and nodes they join from (the joiner counted among those present).
      if (firstTab && announcesMembers(app.presence.count(ctx.topic))) ctx.broadcastFrom("user_joined", presenceEvent(ctx.state));
      // A conversation left unfinished (a reload, a dropped socket) picks up where it was.
      const question = await pendingQuestion(app, ctx.state);
      if (question) ctx.push("new_message", assistantMessage(ctx.state.roomId, question));
    },

    authorizeIn: authorizeByJoinAccess,

    handleIn: {
      async message(ctx, { content, client_id }) {
        if (!(await ctx.allow("chat_message", MESSAGE_LIMIT))) return error(REASON.rateLimited);
        const { roomId, userId, username } = ctx.state;
        if (!(await userMessageLimiter.take(userId))) {
          // Many sockets of one user (tabs, nodes): the reply says which limit and when to try again.
          return error(REASON.rateLimited, { limit: "chat_messages_per_user", retry_after_ms: await userMessageLimiter.retryAfterMs(userId) });
        }
        const input = { roomId, senderId: userId, senderType: "user" as const, username, content, clientId: client_id };
        // Visitors of open rooms get no notifications; members of private rooms who are away do.
        const stored = await app.notifier.commit(
          "chat_notify_away",
          async (trx, notify) => {
            const result = await storeMessage(trx, input);
            if (result.status === "created" && ctx.state.isPrivate) await notifyAwayMembers(app, trx, notify, ctx.topic, { ...result.message, sender_id: userId });
            return result;
          },
          (write) => app.writes.run(roomId, write),
        );
        if (stored.status === "conflict") return error(REASON.clientIdReused, { message_id: stored.message.id });
        const { message } = stored;
        // A retry of a stored message: the room heard it the first time.
        if (stored.status === "duplicate") return ok({ message_id: message.id });
        // Committed: from here on the sender gets ok whatever fails.
        const wire: ChatMessage = message;
        await app.afterCommit.run("chat_broadcast", () => ctx.broadcast("new_message", wire));
        await app.afterCommit.run("chat_assistant", async () => {
          const answer = await answerMessage(app, ctx.state, content);
          if (answer) ctx.push("new_message", assistantMessage(roomId, answer));
        });
        return ok({ message_id: message.id });
      },

      async typing(ctx, { is_typing }) {
        if (!(await ctx.allow("chat_typing", TYPING_LIMIT))) return error(REASON.rateLimited);
        const typing: UserTyping = { user_id: ctx.state.userId, username: ctx.state.username, is_typing };
        ctx.broadcastFrom("user_typing", typing);
      },

      async mark_read(ctx, { message_id }) {
        const message = await findMessage(app.db, message_id);
        if (message?.room_id !== ctx.state.roomId) return error(REASON.notFound);
        const receipt = await markRead(app.db, message_id, ctx.state.userId);
        if (!receipt) return error(REASON.notFound);
        const read: MessageRead = { message_id, user_id: ctx.state.userId, timestamp: receipt.read_at };
        ctx.broadcast("message_read", read);
      },
    },

    // Messages stored through other nodes meanwhile come as history, which clients merge by id
    // (a client that reconnects catches up with last_seen_id instead).
    async resync(ctx, since) {
      const messages = await listMessagesSince(app.db, ctx.state.roomId, since.toISOString(), RECOVERY_LIMIT);
      if (messages.length > 0) ctx.push("messages_history", { messages } satisfies MessagesHistory);
    },

    terminate(ctx, reason) {
      // A duplicate join replaces the old one at once: the user never left.
      // And left once their last tab is gone (this join's presence is already untracked: the leaver
      // is counted back in, as the joiner is on joining).
      const lastTab = !app.presence.isPresent(ctx.topic, ctx.state.userId);
      const announced = announcesMembers(app.presence.count(ctx.topic) + 1);
      if ((reason === "leave" || reason === "closed") && lastTab && announced) ctx.broadcastFrom("user_left", presenceEvent(ctx.state));
    },
  });
}

/** What came after `lastSeenId`; null when there is no usable anchor or too much to replay. */
async function recoverMissed(app: AppContext, roomId: string, lastSeenId: string | undefined): Promise<ChatMessage[] | null> {
  if (!lastSeenId) return null;
  const missed = await listMessagesAfter(app.db, roomId, lastSeenId, RECOVERY_LIMIT + 1);
  return missed && missed.length <= RECOVERY_LIMIT && newestWithin(missed, HISTORY_MAX_BYTES).length === missed.length ? missed : null;
}

/** The newest messages whose encoded size fits in `maxBytes`, oldest first. */
function newestWithin(messages: ChatMessage[], maxBytes: number): ChatMessage[] {
  let start = messages.length;
  for (let bytes = 0; start > 0; start--) {
    bytes += Buffer.byteLength(JSON.stringify(messages[start - 1]));
    if (bytes > maxBytes) break;
  }
  return messages.slice(start);
}

function presenceEvent(state: ChatState): UserPresenceEvent {
  return { user_id: state.userId, username: state.username, timestamp: new Date().toISOString() };
}

/**
 * The assistant answers only the asker (its answers may carry private details such as tracking
 * links), so they are pushed, not stored; their `ai_` ids are not valid `last_seen_id`s.
 */
function assistantMessage(roomId: string, content: string): ChatMessage {
  return {
    id: newId("ai"),
    room_id: roomId,
    sender_id: null,
    sender_type: "ai",
    username: ASSISTANT_NAME,
    content,
    created_at: new Date().toISOString(),
    client_id: null,
  };
}
