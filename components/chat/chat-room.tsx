"use client";

import { useEffect, useLayoutEffect, useRef, useState } from "react";
import Link from "next/link";
import { Presence } from "phoenix";
import { useQueryClient } from "@tanstack/react-query";
import { chatEvents, messagesHistorySchema, sendMessageReplySchema, type ChatMessage } from "@/lib/events";
import { assistantRoomId } from "@/lib/chat-rooms";
import { topics } from "@/lib/topics";
import { formatTime } from "@/lib/client/format";
import { queryKeys, useChatRooms } from "@/lib/client/queries";
import { useSessionStore } from "@/lib/client/session-store";
import { toast } from "@/lib/client/toast-store";
import { parsed, pushAsync, useChannel } from "@/components/realtime/use-channel";
import { Icon } from "@/components/layout/icon";
import { Composer } from "./composer";
import { MessageText } from "./message-text";

/** 96 random bits as hex: `crypto.randomUUID` needs a secure context, this does not. */
function newClientId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

const out = chatEvents.out;
/** A typing indicator is dropped if its "stopped" never arrives (the typist's tab closed). */
const TYPING_TTL_MS = 6_000;

interface OnlineUser {
  id: string;
  username: string;
}

/** One chat room: history, live messages, typing, read receipts and who is online. */
export function ChatRoom({ roomId }: { roomId: string }) {
  const me = useSessionStore((s) => s.user);
  const queryClient = useQueryClient();
  const { data: rooms } = useChatRooms();
  const title = rooms?.find((r) => r.id === roomId)?.name ?? (me && roomId === assistantRoomId(me.id) ? "Assistant" : `Room ${roomId}`);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [online, setOnline] = useState<OnlineUser[]>([]);
  const [typing, setTyping] = useState<Record<string, string>>({});
  /** user id → the latest message id they have read. */
  const [reads, setReads] = useState<Record<string, string>>({});
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const typingTimers = useRef<Record<string, ReturnType<typeof setTimeout>>>({});

  const merge = (incoming: ChatMessage[]) =>
    setMessages((prev) => {
      const known = new Set(prev.map((m) => m.id));
      const fresh = incoming.filter((m) => !known.has(m.id));
      return fresh.length ? [...prev, ...fresh] : prev;
    });

  const setUserTyping = (userId: string, username: string, isTyping: boolean) => {
    clearTimeout(typingTimers.current[userId]);
    setTyping(({ [userId]: _was, ...rest }) => (isTyping ? { ...rest, [userId]: username } : rest));
    if (isTyping) typingTimers.current[userId] = setTimeout(() => setUserTyping(userId, username, false), TYPING_TTL_MS);
  };
  useEffect(() => () => Object.values(typingTimers.current).forEach(clearTimeout), []);

  const { channel, state, error } = useChannel(me ? topics.chat(roomId) : null, {
    // A rejoin after a drop asks only for what was missed. Assistant answers are not stored,
    // so their ids cannot serve as the bookmark.
    params: () => {
      const lastStored = messagesRef.current.findLast((m) => m.sender_type !== "ai");
      return lastStored ? { last_seen_id: lastStored.id } : {};
    },
    setup: (ch) => {
      const presence = new Presence(ch);
      presence.onSync(() =>
        setOnline(
          presence.list((id: string, { metas }: { metas: { username?: string }[] }) => ({ id, username: metas[0]?.username ?? id })),
        ),
      );
    },
    onJoin: parsed(messagesHistorySchema, ({ messages: history }) => {
      merge(history);
      setLoaded(true);
    }),
    events: {
      messages_history: parsed(out.messages_history, ({ messages: history }) => merge(history)),
      new_message: parsed(out.new_message, (m) => {
        merge([m]);
        if (m.sender_id) setUserTyping(m.sender_id, m.username, false);
        // An assistant answer can change what the user owns (@createshop): the header's Shop link
        // and the shop's notifications follow at once.
        if (m.sender_type === "ai") void queryClient.invalidateQueries({ queryKey: queryKeys.me });
      }),
      user_typing: parsed(out.user_typing, (t) => setUserTyping(t.user_id, t.username, t.is_typing)),
      message_read: parsed(out.message_read, (r) => setReads((prev) => ({ ...prev, [r.user_id]: r.message_id }))),
    },
  });

  // Reading the room marks the newest message from someone else as read (once per message).
  const lastMarked = useRef<string | null>(null);
  useEffect(() => {
    if (!channel || state !== "joined" || !me) return;
    const latest = messages.findLast((m) => m.sender_type !== "ai");
    if (!latest || latest.sender_id === me.id || latest.id === lastMarked.current) return;
    if (document.visibilityState !== "visible") return;
    lastMarked.current = latest.id;
    channel.push("mark_read", { message_id: latest.id });
    void queryClient.invalidateQueries({ queryKey: queryKeys.rooms });
  }, [channel, state, messages, me, queryClient]);

  // Follow the conversation when already at the bottom (or on first load).
  const listRef = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && stick.current) list.scrollTop = list.scrollHeight;
  }, [messages, typing]);

  // A message that failed keeps its client_id: its reply may have been lost after it was stored,
  // and the server stores a retry with the same client_id once.
  const unsent = useRef<{ content: string; clientId: string } | null>(null);
  const send = async (content: string) => {
    if (!channel) return false;
    const attempt = unsent.current?.content === content ? unsent.current : { content, clientId: newClientId() };
    try {
      await pushAsync(channel, "message", { content, client_id: attempt.clientId }, sendMessageReplySchema);
      unsent.current = null;
      stick.current = true;
      return true;
    } catch (e) {
      unsent.current = attempt;
      toast({ text: `Message not sent (${(e as Error).message}).`, tone: "error" });
      return false;
    }
  };

  const indexOf = new Map(messages.map((m, i) => [m.id, i]));
  const lastMine = messages.findLastIndex((m) => m.sender_id === me?.id);
  const seenBy = Object.entries(reads)
    .filter(([userId, id]) => userId !== me?.id && (indexOf.get(id) ?? -1) >= lastMine && lastMine >= 0)
    .map(([userId]) => online.find((u) => u.id === userId)?.username ?? userId);
  const typists = Object.values(typing);
  const others = online.filter((u) => u.id !== me?.id);

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex items-center gap-3 border-b border-white/10 px-4 py-3">
        <Link href="/chat" className="btn-ghost -ml-2 px-2 md:hidden" aria-label="Back to conversations">
          ←
        </Link>
        <div className="min-w-0 flex-1">
          <h1 className="truncate font-semibold">{title}</h1>
          <p className="truncate text-xs text-zinc-400" data-testid="online-users" aria-live="polite">
            {state !== "joined"
              ? "Connecting…"
              : others.length === 0
                ? "Only you are here"
                : `${others.map((u) => u.username).join(", ")} online`}
          </p>
        </div>
        <ul className="flex -space-x-2" aria-hidden>
          {others.slice(0, 4).map((u) => (
            <li key={u.id} className="relative grid size-8 place-items-center rounded-full bg-zinc-700 text-xs font-bold uppercase ring-2 ring-zinc-950">
              {u.username[0]}
              <span className="absolute -bottom-0.5 -right-0.5 size-2.5 rounded-full bg-emerald-400 ring-2 ring-zinc-950" />
            </li>
          ))}
        </ul>
      </div>

      <ol
        ref={listRef}
        aria-label="Messages"
        aria-live="polite"
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        }}
        className="flex min-h-0 flex-1 flex-col gap-2 overflow-y-auto px-3 py-4 sm:px-5"
      >
        {!loaded ? (
          <li className="m-auto text-sm text-zinc-400" role="status">
            {state === "error" ? `Couldn't open this conversation (${error}).` : "Loading messages…"}
          </li>
        ) : messages.length === 0 ? (
          <li className="m-auto max-w-xs text-center text-sm text-zinc-400">
            No messages yet. Say hi — or type <code className="text-violet-300">@createshop</code> and the assistant sets up your shop.
          </li>
        ) : (
          messages.map((m, i) => <MessageBubble key={m.id} message={m} mine={m.sender_id === me?.id} seenBy={i === lastMine ? seenBy : []} />)
        )}
      </ol>

      <p className="h-6 px-5 text-xs text-zinc-400" aria-live="polite" data-testid="typing-indicator">
        {typists.length > 0 ? `${typists.join(", ")} ${typists.length === 1 ? "is" : "are"} typing…` : ""}
      </p>
      <Composer
        disabled={state !== "joined"}
        onSend={send}
        onTyping={(is_typing) => channel?.push("typing", { is_typing })}
      />
    </div>
  );
}

function MessageBubble({ message, mine, seenBy }: { message: ChatMessage; mine: boolean; seenBy: string[] }) {
  if (message.sender_type === "system") {
    return (
      <li className="self-center rounded-full bg-white/5 px-3 py-1 text-xs text-zinc-400">
        <MessageText content={message.content} />
      </li>
    );
  }
  const ai = message.sender_type === "ai";
  return (
    <li data-testid="message" data-sender-type={message.sender_type} className={`flex max-w-[85%] flex-col ${mine ? "items-end self-end" : "items-start self-start"}`}>
      {!mine ? (
        <span className={`mb-0.5 px-1 text-xs ${ai ? "font-semibold text-violet-300" : "text-zinc-400"}`}>
          {ai ? <span className="inline-flex items-center gap-1"><Icon name="sparkle" className="size-3.5" /> Assistant</span> : message.username}
        </span>
      ) : null}
      <div
        className={`whitespace-pre-wrap break-words rounded-2xl px-3.5 py-2 text-[15px] leading-snug ${
          ai
            ? "rounded-tl-md border border-violet-400/30 bg-gradient-to-br from-violet-600/25 to-fuchsia-600/15 text-violet-50"
            : mine
              ? "rounded-br-md bg-gradient-to-br from-fuchsia-600 to-pink-600 text-white"
              : "rounded-tl-md bg-zinc-800 text-zinc-100"
        }`}
      >
        <MessageText content={message.content} />
      </div>
      <span className="mt-0.5 px-1 text-[11px] text-zinc-500">
        <time dateTime={message.created_at}>{formatTime(message.created_at)}</time>
        {seenBy.length > 0 ? <span data-testid="read-receipt"> · Seen by {seenBy.join(", ")}</span> : null}
      </span>
    </li>
  );
}
