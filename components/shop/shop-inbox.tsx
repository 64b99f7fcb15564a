"use client";

import Link from "next/link";
import { useEffect } from "react";
import { timeAgo } from "@/lib/client/format";
import { useNotificationsStore } from "@/lib/client/notifications-store";
import { useSessionStore } from "@/lib/client/session-store";
import { useShopInbox } from "@/lib/client/shop";
import { topics } from "@/lib/topics";
import { Section } from "./section";

/**
 * Shoppers' conversations with the shop, newest first, with unread counts. A message to the owner
 * while they are away arrives as a notification: the list reloads then, and every 15 s anyway.
 */
export function ShopInbox({ shopId }: { shopId: string }) {
  const { data: rooms, isPending, isError, refetch } = useShopInbox(shopId);
  const userId = useSessionStore((s) => s.user?.id);
  const latestNotification = useNotificationsStore((s) => (userId ? s.inboxes[topics.userNotifications(userId)]?.items[0]?.id : undefined));
  useEffect(() => {
    if (latestNotification) void refetch();
  }, [latestNotification, refetch]);
  const unread = rooms?.reduce((sum, r) => sum + r.unread, 0) ?? 0;

  return (
    <Section id="inbox" title="Inbox" action={unread > 0 ? <span className="text-sm text-fuchsia-300">{unread} unread</span> : null}>
      {isPending ? (
        <div aria-busy className="h-16 animate-pulse rounded-xl bg-white/5" />
      ) : isError ? (
        <p role="alert" className="text-sm text-red-300">
          Could not load the inbox.{" "}
          <button type="button" className="underline focus-ring" onClick={() => void refetch()}>
            Retry
          </button>
        </p>
      ) : rooms.length === 0 ? (
        <p className="text-sm text-zinc-400">No messages yet: shoppers write to you from your reels and your shop page.</p>
      ) : (
        <ul data-testid="shop-inbox" className="max-h-80 space-y-1 overflow-y-auto">
          {rooms.map((room) => (
            <li key={room.id}>
              <Link href={`/chat/${encodeURIComponent(room.id)}`} className="flex items-center gap-3 rounded-lg px-2 py-1.5 text-sm hover:bg-white/5 focus-ring">
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-semibold">{room.name}</span>
                  <span className="block truncate text-xs text-zinc-400">
                    {room.last_message ? `${room.last_message.username}: ${room.last_message.content}` : "No messages yet"}
                  </span>
                </span>
                {room.last_message ? <time className="shrink-0 text-xs text-zinc-500">{timeAgo(room.last_message.created_at)}</time> : null}
                {room.unread > 0 ? (
                  <span className="grid min-w-5 shrink-0 place-items-center rounded-full bg-fuchsia-500 px-1.5 text-[11px] font-bold leading-5" aria-label={`${room.unread} unread`}>
                    {room.unread}
                  </span>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
