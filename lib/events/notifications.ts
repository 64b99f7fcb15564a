import { z } from "zod";
import { emptySchema, idSchema, joinTokenSchema, timestampSchema, type ChannelEvents } from "./common";

export const NOTIFICATION_TYPES = [
  "follow",
  "product_like",
  "new_message",
  "delivery_update",
  "order_confirmed",
  "payment_received",
  "order_cancelled",
] as const;
export const notificationTypeSchema = z.enum(NOTIFICATION_TYPES);
export type NotificationType = z.infer<typeof notificationTypeSchema>;

export const notificationSchema = z.object({
  id: z.string(),
  type: notificationTypeSchema,
  data: z.record(z.string(), z.unknown()),
  created_at: timestampSchema,
  read_at: timestampSchema.nullable().optional(),
});

export const notificationCountSchema = z.object({
  unread: z.number().int(),
  total: z.number().int(),
});

export const notificationsJoinReplySchema = z.object({
  unread_count: z.number().int(),
  notifications: z.array(notificationSchema),
});

export const notificationEvents = {
  join: joinTokenSchema,
  in: {
    mark_read: z.object({ notification_id: idSchema }),
    mark_all_read: emptySchema,
  },
  out: {
    new_notification: notificationSchema,
    notification_count: notificationCountSchema,
    notification_read: z.object({ notification_id: z.string() }),
  },
} satisfies ChannelEvents;

export type Notification = z.infer<typeof notificationSchema>;
export type NotificationCount = z.infer<typeof notificationCountSchema>;
export type NotificationRead = z.infer<typeof notificationEvents.out.notification_read>;

// The `data` of each notification type the server creates, so senders and the browser agree.

export const followNotificationDataSchema = z.object({
  follower_id: z.string(),
  follower_name: z.string(),
  target_type: z.enum(["shop", "user"]),
  target_id: z.string(),
});

export const newMessageNotificationDataSchema = z.object({
  room_id: z.string(),
  message_id: z.string(),
  sender_id: z.string(),
  username: z.string(),
  preview: z.string(),
});

export const orderConfirmedNotificationDataSchema = z.object({
  order_id: z.string(),
  shop_id: z.string(),
  shop_name: z.string(),
  product_name: z.string(),
});

export const paymentReceivedNotificationDataSchema = z.object({
  order_id: z.string(),
  /** In major units (12.5 = $12.50). */
  amount: z.number(),
  currency: z.string(),
});

export const orderCancelledNotificationDataSchema = z.object({
  order_id: z.string(),
  product_name: z.string(),
  customer_name: z.string(),
  /** The order was paid: the payment is to be given back. */
  refund_due: z.boolean(),
});

export type FollowNotificationData = z.infer<typeof followNotificationDataSchema>;
export type NewMessageNotificationData = z.infer<typeof newMessageNotificationDataSchema>;
export type OrderConfirmedNotificationData = z.infer<typeof orderConfirmedNotificationDataSchema>;
export type PaymentReceivedNotificationData = z.infer<typeof paymentReceivedNotificationDataSchema>;
export type OrderCancelledNotificationData = z.infer<typeof orderCancelledNotificationDataSchema>;
