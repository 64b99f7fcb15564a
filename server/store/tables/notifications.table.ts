import type { Selectable } from "kysely";
import type { NotificationType } from "@/lib/events/notifications";

export type RecipientType = "user" | "shop";


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
