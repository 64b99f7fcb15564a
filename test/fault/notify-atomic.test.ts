// Notifications caused by a write are committed with it: a failure storing the notification
// leaves the write undone too (the client gets an error and may retry), so no crash between the
// two can lose one of them; a write that goes through stores exactly one notification per
// recipient, and the recipient hears it. Runs on PostgreSQL too (npm run test:pg).
import { describe, expect, it } from "vitest";
import type { Channel } from "phoenix";
import type { NotificationType } from "@/lib/events";
import { useTestApp } from "../support/app";
import { useSocketPool } from "../support/channel-helpers";
import { join, nextEvent, push } from "../support/phoenix";
import { refuseInserts } from "../support/refuse-inserts";

const t = useTestApp();
const pool = useSocketPool(t);
const db = () => t.app.context.db;

const INTERNAL_ERROR_REPLY = { status: "error", response: { reason: "internal_error" } };
const INTERNAL_ERROR_RESPONSE = { status: 500, body: { error: "internal_error" } };

/** A joined channel, throwing when the join is refused. */
async function joined(userId: string, topic: string, params: object = {}): Promise<Channel> {
  const channel = (await pool.connect(userId)).channel(topic, params);
  const reply = await join(channel);
  if (reply.status !== "ok") throw new Error(`${userId} could not join ${topic}: ${JSON.stringify(reply.response)}`);
  return channel;
}

async function notificationCount(recipient: { type: "user" | "shop"; id: string }, type: NotificationType): Promise<number> {
  const rows = await db()
    .selectFrom("notifications")
    .select("id")
    .where("recipient_type", "=", recipient.type)
    .where("recipient_id", "=", recipient.id)
    .where("type", "=", type)
    .execute();
  return rows.length;
}

async function placedOrder(customerId: string): Promise<string> {
  const placed = await t.api(customerId, "POST", "/api/v1/orders", { product_id: "prod_124", quantity: 1 });
  expect(placed.status).toBe(201);
  return placed.body.order.id;
}

const orderStatus = async (id: string) => (await db().selectFrom("orders").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;

/** One kind of write that notifies someone. */
interface NotifyingWrite {
  /** Who is notified: their notification topic (joined by `listener`) and the notification type. */
  recipients: { type: "user" | "shop"; id: string }[];
  listener: { userId: string; topic: string };
  notification: NotificationType;
  /** Makes the write; what the client got back. */
  write(): Promise<unknown>;
  /** What the write changes, as a client would see it. */
  state(): Promise<unknown>;
  refused: unknown;
  acknowledged: unknown;
  stateBefore: unknown;
  stateAfter: unknown;
}

const writes: Record<string, () => Promise<NotifyingWrite>> = {
  "a delivery status change (the customer's delivery_update)": async () => {
    const courier = await joined("courier1", "delivery:delivery_test456");
    return {
      recipients: [{ type: "user", id: "user123" }],
      listener: { userId: "user123", topic: "notifications:user_user123" },
      notification: "delivery_update",
      write: () => push(courier, "update_status", { status: "picked_up" }),
      state: async () => (await db().selectFrom("deliveries").select("status").where("id", "=", "test456").executeTakeFirstOrThrow()).status,
      refused: INTERNAL_ERROR_REPLY,
      acknowledged: { status: "ok", response: expect.anything() },
      stateBefore: "assigned",
      stateAfter: "picked_up",
    };
  },

  "confirming an order (the customer's order_confirmed)": async () => {
    const orderId = await placedOrder("user456");
    return {
      recipients: [{ type: "user", id: "user456" }],
      listener: { userId: "user456", topic: "notifications:user_user456" },
      notification: "order_confirmed",
      write: () => t.api("owner1", "POST", `/api/v1/orders/${orderId}/confirm`),
      state: () => orderStatus(orderId),
      refused: INTERNAL_ERROR_RESPONSE,
      acknowledged: { status: 200, body: { order: expect.objectContaining({ status: "confirmed" }) } },
      stateBefore: "placed",
      stateAfter: "confirmed",
    };
  },

  "paying an order (payment_received for the customer and the shop)": async () => {
    const orderId = await placedOrder("user456");
    expect((await t.api("owner1", "POST", `/api/v1/orders/${orderId}/confirm`)).status).toBe(200);
    const payments = async () => (await db().selectFrom("payments").select("id").where("order_id", "=", orderId).execute()).length;
    return {
      recipients: [
        { type: "user", id: "user456" },
        { type: "shop", id: "shop_1" },
      ],
      listener: { userId: "owner1", topic: "notifications:shop_shop_1" },
      notification: "payment_received",
      write: () => t.api("owner1", "POST", `/api/v1/orders/${orderId}/pay`),
      state: async () => ({ status: await orderStatus(orderId), payments: await payments() }),
      refused: INTERNAL_ERROR_RESPONSE,
      acknowledged: { status: 200, body: expect.objectContaining({ order: expect.objectContaining({ status: "paid" }) }) },
      stateBefore: { status: "confirmed", payments: 0 },
      stateAfter: { status: "paid", payments: 1 },
    };
  },

  "cancelling an order (the shop's order_cancelled)": async () => {
    const orderId = await placedOrder("user123");
    return {
      recipients: [{ type: "shop", id: "shop_1" }],
      listener: { userId: "owner1", topic: "notifications:shop_shop_1" },
      notification: "order_cancelled",
      write: () => t.api("user123", "POST", `/api/v1/orders/${orderId}/cancel`),
      state: () => orderStatus(orderId),
      refused: INTERNAL_ERROR_RESPONSE,
      acknowledged: { status: 200, body: { order: expect.objectContaining({ status: "cancelled" }) } },
      stateBefore: "placed",
      stateAfter: "cancelled",
    };
  },

  "following a user (the followed user's follow)": async () => ({
    recipients: [{ type: "user", id: "user456" }],
    listener: { userId: "user456", topic: "notifications:user_user456" },
    notification: "follow",
    write: () => t.api("courier2", "POST", "/api/v1/follows", { target_type: "user", target_id: "user456" }),
    state: async () => (await db().selectFrom("follows").select("follower_id").where("follower_id", "=", "courier2").where("target_id", "=", "user456").execute()).length,
    refused: INTERNAL_ERROR_RESPONSE,
    acknowledged: { status: 201, body: { following: true, followers: expect.any(Number) } },
    stateBefore: 0,
    stateAfter: 1,
  }),

  "liking a product (the shop's product_like)": async () => {
    const feed = await joined("courier2", "feed:user_courier2");
    const likes = async () => (await db().selectFrom("product_likes").select("user_id").where("user_id", "=", "courier2").where("product_id", "=", "prod_124").execute()).length;
    return {
      recipients: [{ type: "shop", id: "shop_1" }],
      listener: { userId: "owner1", topic: "notifications:shop_shop_1" },
      notification: "product_like",
      write: () => push(feed, "like_item", { product_id: "prod_124" }),
      state: likes,
      refused: INTERNAL_ERROR_REPLY,
      acknowledged: { status: "ok", response: { product_id: "prod_124", likes: expect.any(Number) } },
      stateBefore: 0,
      stateAfter: 1,
    };
  },

  "a chat message while a member of the private room is away (their new_message)": async () => {
    const room = await joined("user123", "chat:room_12345");
    const stored = async () => (await db().selectFrom("chat_messages").select("id").where("room_id", "=", "12345").where("client_id", "=", "atomic-1").execute()).length;
    return {
      recipients: [{ type: "user", id: "owner1" }],
      listener: { userId: "owner1", topic: "notifications:user_owner1" },
      notification: "new_message",
      // A retry with the same client_id: stored once, the first attempt left nothing behind.
      write: () => push(room, "message", { content: "Is the lamp dimmable?", client_id: "atomic-1" }),
      state: stored,
      refused: INTERNAL_ERROR_REPLY,
      acknowledged: { status: "ok", response: { message_id: expect.any(String) } },
      stateBefore: 0,
      stateAfter: 1,
    };
  },
};

describe("a write and the notifications it causes commit together", () => {
  it.each(Object.keys(writes))("%s: when the notification cannot be stored the write is undone and refused; once it can, both are stored, once", async (name) => {
    const w = await writes[name]();
    const listener = await joined(w.listener.userId, w.listener.topic);
    const counts = () => Promise.all(w.recipients.map((r) => notificationCount(r, w.notification)));
    const countsBefore = await counts();
    expect(await w.state()).toEqual(w.stateBefore);

    // The database refuses notifications, as a crash right after the write would leave them unwritten.
    const allowNotifications = await refuseInserts(t, "notifications");
    try {
      expect(await w.write()).toEqual(w.refused);
    } finally {
      await allowNotifications();
    }
    expect(await w.state()).toEqual(w.stateBefore);
    expect(await counts()).toEqual(countsBefore);

    const heard = nextEvent(listener, "new_notification");
    expect(await w.write()).toEqual(w.acknowledged);
    expect(await w.state()).toEqual(w.stateAfter);
    expect(await counts()).toEqual(countsBefore.map((n) => n + 1));
    expect((await heard).type).toBe(w.notification);
  });
});
