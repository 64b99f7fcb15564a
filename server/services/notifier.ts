import type { Kysely } from "kysely";
import type { Notification as WireNotification, NotificationType } from "@/lib/events";
import { topics } from "@/lib/topics";
import type { Database } from "../store/database";
import {
  countNotifications,
  createNotification,
  type Notification,
  type Recipient,
} from "../store/repositories/notifications.repository";

export type Broadcast = (topic: string, event: string, payload: unknown) => void;

export function notificationTopic(recipient: Recipient): string {
  return recipient.type === "user" ? topics.userNotifications(recipient.id) : topics.shopNotifications(recipient.id);
}

export function toWireNotification(n: Notification): WireNotification {
  return { id: n.id, type: n.type, data: n.data, created_at: n.created_at, read_at: n.read_at };
}

/**
 * Stores a notification, then tells the recipient's notification topic: `new_notification`
 * and the fresh `notification_count`. The write is committed before anything is sent.
 */
export class Notifier {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly broadcast: Broadcast,
  ) {}

  async notify(recipient: Recipient, type: NotificationType, data: Record<string, unknown>): Promise<Notification> {
    const notification = await this.store(this.db, recipient, type, data);
    await this.announce(recipient, notification);
    return notification;
  }

  /**
   * Stores a notification in `db`: the transaction of the write that causes it, so both commit or
   * neither does, and a crash between the write and the notification cannot lose it. `announce`
   * it once the transaction has committed.
   */
  store(db: Kysely<Database>, recipient: Recipient, type: NotificationType, data: Record<string, unknown>): Promise<Notification> {
    return createNotification(db, { recipient, type, data });
  }

  async announce(recipient: Recipient, notification: Notification): Promise<void> {
    this.broadcast(notificationTopic(recipient), "new_notification", toWireNotification(notification));
    await this.publishCount(recipient);
  }

  async publishCount(recipient: Recipient): Promise<void> {
    this.broadcast(notificationTopic(recipient), "notification_count", await countNotifications(this.db, recipient));
  }
}
