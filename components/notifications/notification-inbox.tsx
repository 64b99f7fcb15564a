"use client";

import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { Channel } from "phoenix";
import { notificationCountSchema, notificationEvents, notificationsJoinReplySchema } from "@/lib/events";
import { useNotificationsStore } from "@/lib/client/notifications-store";
import { queryKeys } from "@/lib/client/queries";
import { parsed, useChannel } from "@/components/realtime/use-channel";

const out = notificationEvents.out;

/** Keeps one inbox (a user's or a shop's notifications topic) joined and mirrored in the store. */
export function NotificationInbox({ topic }: { topic: string }) {
  const store = useNotificationsStore;
  const queryClient = useQueryClient();
  useChannel(topic, {
    onJoin: parsed(notificationsJoinReplySchema, (reply, channel: Channel) =>
      store.getState().joined(topic, channel, reply.unread_count, reply.notifications),
    ),
    events: {
      new_notification: parsed(out.new_notification, (n) => {
        store.getState().received(topic, n);
        // Lists that the notification changes are stale now.
        if (n.type === "new_message") void queryClient.invalidateQueries({ queryKey: queryKeys.rooms });
        if (n.type !== "follow" && n.type !== "product_like") void queryClient.invalidateQueries({ queryKey: queryKeys.orders });
      }),
      notification_count: parsed(notificationCountSchema, (c) => store.getState().counted(topic, c.unread)),
      notification_read: parsed(out.notification_read, (r) => store.getState().read(topic, r.notification_id)),
    },
  });
  useEffect(() => () => store.getState().left(topic), [store, topic]);
  return null;
}
