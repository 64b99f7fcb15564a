import { notificationEvents, type Notification as WireNotification, type NotificationCount, type NotificationRead } from "@/lib/events";
import { REASON } from "@/lib/protocol";
import { parseTopic } from "@/lib/topics";
import { defineChannel, error, joined, ok, refused, type ChannelContext, type JoinResult } from "../channel/channel";
import { authorizeByJoinAccess } from "./join-access";
import type { AppContext } from "../services/context";
import { notificationTopic, toWireNotification } from "../services/notifier";
import {
  countNotifications,
  findRecipientNotification,
  listNotifications,
  markAllRead,
  markNotificationRead,
  type Recipient,
} from "../store/repositories/notifications.repository";
import { findShopById } from "../store/repositories/shops.repository";
import { isShopOwner } from "../services/ownership";
import { authorize, relationsOf, type Access, type Relation, type Subject } from "../services/permissions";

const JOIN_LIST_SIZE = 20;

interface NotificationsState {
  recipient: Recipient;
  access: Access;
  /** Where the Notifier broadcasts; differs from ctx.topic for the bare `notifications:<user_id>`. */
  canonicalTopic: string;
  /** The join's count, handed to afterJoin for `notification_count` (no second query), then dropped. */
  joinCount: NotificationCount | null;
}

/**
 * `notifications:user_<id>`, `notifications:shop_<id>` and the document's bare `notifications:<id>`:
 * the recipient's notifications, live. Every change is broadcast on the canonical topic so all of
 * the recipient's tabs (and shop owners' devices) stay in step.
 */
export function createNotificationsChannel(app: AppContext) {
  async function pushCount(ctx: ChannelContext<NotificationsState>): Promise<void> {
    const count: NotificationCount = await countNotifications(app.db, ctx.state.recipient);
    ctx.push("notification_count", count);
  }

  return defineChannel({
    name: "notifications",
    patterns: ["notifications:*"],
    events: notificationEvents,

    async join(ctx): Promise<JoinResult<NotificationsState>> {
      const parsed = parseTopic(ctx.topic);
      if (parsed?.kind !== "notifications") return refused(REASON.notFound);
      const recipient: Recipient = { type: parsed.recipientType, id: parsed.recipientId };
      const access: Access = { subject: subjectOf(recipient), relations: await relationsTo(app, recipient, ctx.user?.userId ?? null) };
      const decision = authorize(access.subject, "join", access.relations);
      if (!decision.ok) return refused(decision.reason);

      const canonicalTopic = notificationTopic(recipient);
      if (canonicalTopic !== ctx.topic) ctx.subscribe(canonicalTopic);
      const [count, latest] = await Promise.all([
        countNotifications(app.db, recipient),
        listNotifications(app.db, recipient, JOIN_LIST_SIZE),
      ]);
      const notifications: WireNotification[] = latest.map(toWireNotification);
      return joined({ unread_count: count.unread, notifications }, { recipient, access, canonicalTopic, joinCount: count });
    },

    afterJoin(ctx) {
      const count = ctx.state.joinCount;
      ctx.state = { ...ctx.state, joinCount: null };
      if (count) ctx.push("notification_count", count);
    },
    // Notifications made on other nodes meanwhile are in the count; the list comes with the next join.
    resync: pushCount,

    // The bare topic hears the canonical one and passes everything through unchanged.
    handleInfo(ctx, topic, event, payload) {
      if (topic === ctx.state.canonicalTopic) ctx.push(event, payload);
    },

    authorizeIn: authorizeByJoinAccess,

    handleIn: {
      async mark_read(ctx, { notification_id }) {
        const { recipient } = ctx.state;
        if (!(await findRecipientNotification(app.db, recipient, notification_id))) return error(REASON.notFound);
        // Already read: nothing changed, so nothing to tell.
        if (await markNotificationRead(app.db, recipient, notification_id)) {
          const read: NotificationRead = { notification_id };
          app.broadcast(ctx.state.canonicalTopic, "notification_read", read);
          await app.notifier.publishCount(recipient);
        }
        return ok({ notification_id });
      },

      async mark_all_read(ctx) {
        const updated = await markAllRead(app.db, ctx.state.recipient);
        if (updated > 0) await app.notifier.publishCount(ctx.state.recipient);
        return ok({ updated });
      },
    },
  });
}

const subjectOf = (recipient: Recipient): Subject => (recipient.type === "user" ? "notifications_user" : "notifications_shop");

/** A user's notifications are their own (`self`); a shop's are its owner's. */
async function relationsTo(app: AppContext, recipient: Recipient, userId: string | null): Promise<ReadonlySet<Relation>> {
  if (!userId) return relationsOf(null, []);
  if (recipient.type === "user") return relationsOf(userId, recipient.id === userId ? ["self"] : []);
  const shop = await findShopById(app.db, recipient.id);
  return relationsOf(userId, shop && isShopOwner(shop, userId) ? ["owner"] : []);
}
