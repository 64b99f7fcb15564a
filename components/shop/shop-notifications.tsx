"use client";

import { topics } from "@/lib/topics";
import { timeAgo } from "@/lib/client/format";
import { useNotificationsStore } from "@/lib/client/notifications-store";
import { describeNotification } from "@/components/notifications/describe-notification";
import { Section } from "./section";

/**
 * The shop's inbox live. The header bell already joins `notifications:shop_<id>` for every
 * owned shop; this reads the same store, since a second join of one topic would replace the first.
 */
export function ShopNotifications({ shopId }: { shopId: string }) {
  const inbox = useNotificationsStore((s) => s.inboxes[topics.shopNotifications(shopId)]);
  return (
    <Section id="notifications" title="Shop notifications" action={inbox && inbox.unread > 0 ? <span className="text-sm text-fuchsia-300">{inbox.unread} unread</span> : null}>
      {!inbox ? (
        <div aria-busy className="h-16 animate-pulse rounded-xl bg-white/5" />
      ) : inbox.items.length === 0 ? (
        <p className="text-sm text-zinc-400">Nothing yet: likes, follows and payments show up here as they happen.</p>
      ) : (
        <ul aria-live="polite" data-testid="shop-notifications" className="max-h-80 space-y-1 overflow-y-auto">
          {inbox.items.map((n) => {
            const view = describeNotification(n);
            return (
              <li key={n.id} className={`flex gap-2 rounded-lg px-2 py-1.5 text-sm ${n.read_at ? "text-zinc-400" : "bg-white/5"}`}>
                <span aria-hidden>{view.icon}</span>
                <span className="flex-1">{view.text}</span>
                <time dateTime={n.created_at} className="shrink-0 text-xs text-zinc-400">
                  {timeAgo(n.created_at)}
                </time>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}
