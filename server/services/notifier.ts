import type { Kysely, Transaction } from "kysely";
import type { Notification as WireNotification, NotificationType } from "@/lib/events";
import { topics } from "@/lib/topics";
import type { Database } from "../store/database";
import {
  countNotifications,
  createNotification,
  type Notification,
  type Recipient,
} from "../store/repositories/notifications.repository";
import type { AfterCommit } from "./after-commit";

export type Broadcast = (topic: string, event: string, payload: unknown) => void;

/** Stores a notification in the transaction of the write that causes it. */
export type Notify = (recipient: Recipient, type: NotificationType, data: Record<string, unknown>) => Promise<void>;

/** Runs a write in a transaction and resolves once that has committed. */
export type RunInTransaction = <T>(write: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;

export function notificationTopic(recipient: Recipient): string {
  return recipient.type === "user" ? topics.userNotifications(recipient.id) : topics.shopNotifications(recipient.id);
}

export function toWireNotification(n: Notification): WireNotification {
  return { id: n.id, type: n.type, data: n.data, created_at: n.created_at, read_at: n.read_at };
}

interface Stored {
  recipient: Recipient;
  notification: Notification;
}

/**
 * The one way a write notifies anyone: its notifications are stored in its own transaction, then
 * the recipients' topics hear `new_notification` and the fresh `notification_count`.
 */
export class Notifier {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly broadcast: Broadcast,
    private readonly afterCommit: AfterCommit,
  ) {}

  /**
   * Runs `write` in one transaction (its own, or the one `transaction` runs it in, such as the
   * group commit's) with the notifications it stores through `notify`: both commit or neither
   * does, so no crash between the two loses one. Once committed they are announced as the
   * after-commit step `step`, not awaited; an announcement lost in a crash is made up for by the
   * recipient's next notifications join, which returns the unread ones.
   */
  async commit<T>(step: string, write: (trx: Transaction<Database>, notify: Notify) => Promise<T>, transaction?: RunInTransaction): Promise<T> {
    let stored: Stored[] = [];
    const run: RunInTransaction = transaction ?? ((work) => this.db.transaction().execute(work));
    const result = await run(async (trx) => {
      // A group commit may run the write again after a rollback: only the last attempt's count.
      stored = [];
      return write(trx, async (recipient, type, data) => {
        stored.push({ recipient, notification: await createNotification(trx, { recipient, type, data }) });
      });
    });
    if (stored.length > 0) void this.afterCommit.run(step, () => this.announce(stored));
    return result;
  }

  private async announce(stored: readonly Stored[]): Promise<void> {
    for (const { recipient, notification } of stored) {
      this.broadcast(notificationTopic(recipient), "new_notification", toWireNotification(notification));
      await this.publishCount(recipient);
    }
  }

  async publishCount(recipient: Recipient): Promise<void> {
    this.broadcast(notificationTopic(recipient), "notification_count", await countNotifications(this.db, recipient));
  }
}
