"use client";

import Link from "next/link";
import { useSelectedLayoutSegment } from "next/navigation";
import { assistantRoomId } from "@/lib/chat-rooms";
import { timeAgo } from "@/lib/client/format";
import { useChatRooms } from "@/lib/client/queries";
import { useSessionStore } from "@/lib/client/session-store";
import { Icon } from "@/components/layout/icon";
import { UnreadBadge } from "./unread-badge";

/** The conversations the user belongs to, most recent first, with unread counts. */
export function RoomList() {
  const { data: rooms, isPending, isError, refetch } = useChatRooms();
  const userId = useSessionStore((s) => s.user?.id);
  const current = useSelectedLayoutSegment();
  const assistantRoom = userId ? assistantRoomId(userId) : null;

  return (
    <nav aria-label="Conversations" className="flex h-full min-h-0 flex-col">
      <div className="flex items-center justify-between px-4 py-3">
        <h1 className="text-xl font-bold">Chats</h1>
      </div>
      {assistantRoom ? (
        <Link
          href={`/chat/${assistantRoom}`}
          className="mx-3 mb-3 flex items-center gap-3 rounded-2xl border border-violet-400/25 bg-gradient-to-r from-violet-600/20 to-fuchsia-600/10 p-3 transition hover:border-violet-400/50 focus-ring"
        >
          <span className="grid size-10 place-items-center rounded-full bg-violet-500/30 text-violet-200">
            <Icon name="sparkle" />
          </span>
          <span>
            <span className="block text-sm font-semibold">Open your own shop</span>
            <span className="block text-xs text-zinc-400">The assistant sets it up in a minute</span>
          </span>
        </Link>
      ) : null}
      <ul className="min-h-0 flex-1 overflow-y-auto px-2 pb-4">
        {isPending ? (
          Array.from({ length: 3 }, (_, i) => <li key={i} className="m-2 h-14 animate-pulse rounded-xl bg-white/5" />)
        ) : isError ? (
          <li className="p-4 text-sm text-zinc-400" role="alert">
            Couldn&apos;t load your chats.{" "}
            <button type="button" className="text-fuchsia-300 underline focus-ring" onClick={() => void refetch()}>
              Retry
            </button>
          </li>
        ) : rooms.length === 0 ? (
          <li className="p-4 text-sm text-zinc-400">No conversations yet. Message a shop from its reel or its page.</li>
        ) : (
          rooms.map((room) => (
            <li key={room.id}>
              <Link
                href={`/chat/${room.id}`}
                aria-current={current === room.id ? "page" : undefined}
                data-testid="room-link"
                className={`flex items-center gap-3 rounded-xl px-3 py-2.5 transition focus-ring ${
                  current === room.id ? "bg-white/10" : "hover:bg-white/5"
                }`}
              >
                <span aria-hidden className="grid size-10 shrink-0 place-items-center rounded-full bg-zinc-800 font-bold uppercase">
                  {room.name[0]}
                </span>
                <span className="min-w-0 flex-1">
                  <span className="flex items-baseline justify-between gap-2">
                    <span className="truncate text-sm font-semibold">{room.name}</span>
                    {room.last_message ? <span className="shrink-0 text-[11px] text-zinc-500">{timeAgo(room.last_message.created_at)}</span> : null}
                  </span>
                  <span className="flex items-center justify-between gap-2">
                    <span className="truncate text-xs text-zinc-400">
                      {room.last_message ? `${room.last_message.username}: ${room.last_message.content}` : "No messages yet"}
                    </span>
                    <UnreadBadge count={room.unread} />
                  </span>
                </span>
              </Link>
            </li>
          ))
        )}
      </ul>
    </nav>
  );
}
