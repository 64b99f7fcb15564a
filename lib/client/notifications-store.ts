import { create } from "zustand";
import type { Channel } from "phoenix";
import type { Notification } from "@/lib/events";

/** A notification and the topic (user or shop inbox) it came from, to mark it read there. */
export interface InboxNotification extends Notification {
  topic: string;
}

interface Inbox {
  channel: Channel;
  unread: number;
  items: Notification[];
}

interface NotificationsState {
  inboxes: Record<string, Inbox>;
  joined: (topic: string, channel: Channel, unread: number, items: Notification[]) => void;
  received: (topic: string, notification: Notification) => void;
  counted: (topic: string, unread: number) => void;
  read: (topic: string, notificationId: string | null) => void;
  left: (topic: string) => void;
}

export const useNotificationsStore = create<NotificationsState>((set) => {
  const update = (topic: string, fn: (inbox: Inbox) => Partial<Inbox>) =>
    set((s) => (s.inboxes[topic] ? { inboxes: { ...s.inboxes, [topic]: { ...s.inboxes[topic], ...fn(s.inboxes[topic]) } } } : s));
  return {
    inboxes: {},
    joined: (topic, channel, unread, items) => set((s) => ({ inboxes: { ...s.inboxes, [topic]: { channel, unread, items } } })),
    received: (topic, n) => update(topic, (inbox) => ({ items: [n, ...inbox.items.filter((i) => i.id !== n.id)] })),
    counted: (topic, unread) => update(topic, () => ({ unread })),
    // null: every notification of that inbox.
    read: (topic, id) =>
      update(topic, (inbox) => ({
        items: inbox.items.map((n) => (id === null || n.id === id ? { ...n, read_at: n.read_at ?? new Date().toISOString() } : n)),
      })),
    left: (topic) =>
      set((s) => {
        const { [topic]: _gone, ...rest } = s.inboxes;
        return { inboxes: rest };
      }),
  };
});

export function selectUnread(s: NotificationsState): number {
  return Object.values(s.inboxes).reduce((sum, inbox) => sum + inbox.unread, 0);
}

/** All inboxes merged, newest first. */
export function mergeInboxes(inboxes: Record<string, Inbox>): InboxNotification[] {
  return Object.entries(inboxes)
    .flatMap(([topic, inbox]) => inbox.items.map((n) => ({ ...n, topic })))
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
}
