"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import Link from "next/link";
import { topics } from "@/lib/topics";
import { timeAgo } from "@/lib/client/format";
import { mergeInboxes, selectUnread, useNotificationsStore, type InboxNotification } from "@/lib/client/notifications-store";
import { useMe } from "@/lib/client/queries";
import { useSessionStore } from "@/lib/client/session-store";
import { Icon } from "@/components/layout/icon";
import { describeNotification } from "./describe-notification";
import { NotificationInbox } from "./notification-inbox";

const SHOWN = 20;

/** The header bell: the user's inbox plus those of the shops they own, with a dropdown of the latest. */
export function NotificationBell() {
  const userId = useSessionStore((s) => s.user?.id);
  const { data: me } = useMe();
  const unread = useNotificationsStore(selectUnread);
  const inboxes = useNotificationsStore((s) => s.inboxes);
  const items = useMemo(() => mergeInboxes(inboxes).slice(0, SHOWN), [inboxes]);
  const ready = Object.keys(inboxes).length > 0;
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("pointerdown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  const markRead = (n: InboxNotification) => {
    if (!n.read_at) inboxes[n.topic]?.channel.push("mark_read", { notification_id: n.id });
  };
  const markAllRead = () => {
    for (const inbox of Object.values(inboxes)) if (inbox.unread > 0) inbox.channel.push("mark_all_read", {});
  };

  return (
    <div ref={rootRef} className="relative">
      {userId ? <NotificationInbox topic={topics.userNotifications(userId)} /> : null}
      {me?.shops.map((shop) => <NotificationInbox key={shop.id} topic={topics.shopNotifications(shop.id)} />)}
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-haspopup="true"
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
        className="relative grid size-10 place-items-center rounded-full text-zinc-300 transition hover:bg-white/10 hover:text-white focus-ring"
      >
        <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden>
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" strokeLinejoin="round" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" />
        </svg>
        {unread > 0 ? (
          <span
            data-testid="notification-count"
            className="absolute -right-0.5 -top-0.5 grid min-w-5 place-items-center rounded-full bg-fuchsia-500 px-1 text-[11px] font-bold leading-5 text-white ring-2 ring-zinc-950"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div
          role="dialog"
          aria-label="Notifications"
          className="fixed inset-x-2 top-14 z-50 mt-1 overflow-hidden rounded-2xl border border-white/10 bg-zinc-900/95 shadow-2xl backdrop-blur sm:absolute sm:inset-x-auto sm:right-0 sm:top-full sm:w-96"
        >
          <div className="flex items-center justify-between border-b border-white/10 px-4 py-3">
            <h2 className="font-semibold">Notifications</h2>
            <button type="button" onClick={markAllRead} disabled={unread === 0} className="btn-ghost text-xs disabled:opacity-40">
              Mark all read
            </button>
          </div>
          <ul className="max-h-[60dvh] overflow-y-auto">
            {!ready ? (
              <li className="px-4 py-8 text-center text-sm text-zinc-400">Loading…</li>
            ) : items.length === 0 ? (
              <li className="px-4 py-8 text-center text-sm text-zinc-400">You&apos;re all caught up.</li>
            ) : (
              items.map((n) => <NotificationRow key={n.id} notification={n} onOpen={() => (markRead(n), setOpen(false))} />)
            )}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function NotificationRow({ notification, onOpen }: { notification: InboxNotification; onOpen: () => void }) {
  const view = describeNotification(notification);
  const unread = !notification.read_at;
  const body = (
    <>
      <span className="grid size-9 shrink-0 place-items-center rounded-full bg-white/5 text-fuchsia-300">
        <Icon name={view.icon} />
      </span>
      <span className="min-w-0 flex-1">
        <span className={`line-clamp-2 text-sm ${unread ? "text-white" : "text-zinc-400"}`}>{view.text}</span>
        <span className="text-xs text-zinc-500">{timeAgo(notification.created_at)}</span>
      </span>
      {unread ? <span className="mt-2 size-2 shrink-0 rounded-full bg-fuchsia-400" aria-label="unread" /> : null}
    </>
  );
  const className = "flex w-full items-start gap-3 px-4 py-3 text-left transition hover:bg-white/5 focus-ring";
  return (
    <li data-testid="notification-item">
      {view.href ? (
        <Link href={view.href} onClick={onOpen} className={className}>
          {body}
        </Link>
      ) : (
        <button type="button" onClick={onOpen} className={className}>
          {body}
        </button>
      )}
    </li>
  );
}
