import type { Selectable } from "kysely";

export type RecipientType = "user" | "shop";

export type NotificationType =
  | "follow"
  | "product_like"
  | "new_message"
  | "delivery_update"
  | "order_confirmed"
  | "payment_received";

export interface NotificationTable {
  id: string;
  recipient_type: RecipientType;
  recipient_id: string;
  type: NotificationType;
  /** JSON text. */
  data: string;
  read_at: string | null;
  created_at: string;
}

export type NotificationRow = Selectable<NotificationTable>;
