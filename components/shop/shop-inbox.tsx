"use client";

import Link from "next/link";
import { useEffect } from "react";
import { timeAgo } from "@/lib/client/format";
import { useNotificationsStore } from "@/lib/client/notifications-store";
import { useSessionStore } from "@/lib/client/session-store";
import { useShopInbox } from "@/lib/client/shop";
import { topics } from "@/lib/topics";
import { UnreadBadge } from "@/components/chat/unread-badge";
import { QueryState } from "./query-state";
import { Section } from "./section";

/**
 * Shoppers' conversations with the shop, newest first, with unread counts. A message to the owner
 * while they are away arrives as a notification: the list reloads then, and every 15 s anyway.
 */
export function ShopInbox({ shopId }: { shopId: string }) {
  const { data: rooms, isPending, error, refetch } = useShopInbox(shopId);
  const userId = useSessionStore((s) => s.user?.id);
  const latestNotification = useNotificationsStore((s) => (userId ? s.inboxes[topics.userNotifications(userId)]?.items[0]?.id : undefined));
  useEffect(() => {
    if (latestNotification) void refetch();
  }, [latestNotification, refetch]);
  const unread = rooms?.reduce((sum, r) => sum + r.unread, 0) ?? 0;

  return (
    <Section id="inbox" title="Inbox" action={unread > 0 ? <span className="text-sm text-fuchsia-300">{unread} unread</span> : null}>
      <QueryState pending={isPending} error={error} empty={rooms?.length === 0} emptyText="No messages yet: shoppers write to you from your reels and your shop page." />
      {rooms && rooms.length > 0 ? (
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
                <UnreadBadge count={room.unread} />
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </Section>
  );
}
