import type { Kysely } from "kysely";
import type { Database } from "../database";
import { newId } from "../ids";
import type { NotificationType } from "@/lib/events/notifications";
import type { NotificationRow, RecipientType } from "../tables/notifications.table";
import { compiledOnce, type Placeholders } from "../compiled-query";

export interface Recipient {
  type: RecipientType;
  id: string;
}

export interface Notification<T = Record<string, unknown>> {
  id: string;
  recipient_type: RecipientType;
  recipient_id: string;
  type: NotificationType;
  data: T;
  read_at: string | null;
  created_at: string;
}

/** Field by field: spreading a better-sqlite3 row (a slow-mode object) costs microseconds each. */
function parse(row: NotificationRow): Notification {
  return {
    id: row.id,
    recipient_type: row.recipient_type,
    recipient_id: row.recipient_id,
    type: row.type,
    data: JSON.parse(row.data) as Record<string, unknown>,
    read_at: row.read_at,
    created_at: row.created_at,
  };
}

export async function createNotification(
  db: Kysely<Database>,
  input: { recipient: Recipient; type: NotificationType; data: Record<string, unknown> },
): Promise<Notification> {
  const row: NotificationRow = {
    id: newId("ntf"),
    recipient_type: input.recipient.type,
    recipient_id: input.recipient.id,
    type: input.type,
    data: JSON.stringify(input.data),
    read_at: null,
    created_at: new Date().toISOString(),
  };
  await db.insertInto("notifications").values(row).execute();
  return parse(row);
}

// Compiled once: every join and every notification made reads these.
const selectLatest = compiledOnce((db, p: Placeholders<Recipient & { limit: number }>) =>
  db
    .selectFrom("notifications")
    .selectAll()
    .where("recipient_type", "=", p.value("type"))
    .where("recipient_id", "=", p.value("id"))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(p.value("limit")),
);

const selectCounts = compiledOnce((db, p: Placeholders<Recipient>) =>
  db
    .selectFrom("notifications")
    .select((eb) => [eb.fn.countAll<number>().as("total"), eb.fn.count<number>(eb.case().when("read_at", "is", null).then(eb.ref("id")).end()).as("unread")])
    .where("recipient_type", "=", p.value("type"))
    .where("recipient_id", "=", p.value("id")),
);

/** Newest first. */
export async function listNotifications(db: Kysely<Database>, recipient: Recipient, limit = 50): Promise<Notification[]> {
  return (await selectLatest(db, { type: recipient.type, id: recipient.id, limit })).map(parse);
}

export async function countNotifications(db: Kysely<Database>, recipient: Recipient): Promise<{ unread: number; total: number }> {
  const [row] = await selectCounts(db, { type: recipient.type, id: recipient.id });
  return { unread: row.unread, total: row.total };
}

/** Marks one of the recipient's own notifications read; false when not theirs or already read. */
export async function markNotificationRead(db: Kysely<Database>, recipient: Recipient, id: string): Promise<boolean> {
  const result = await db
    .updateTable("notifications")
    .set({ read_at: new Date().toISOString() })
    .where("id", "=", id)
    .where("recipient_type", "=", recipient.type)
    .where("recipient_id", "=", recipient.id)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Returns how many notifications changed. */
export async function markAllRead(db: Kysely<Database>, recipient: Recipient): Promise<number> {
  const result = await db
    .updateTable("notifications")
    .set({ read_at: new Date().toISOString() })
    .where("recipient_type", "=", recipient.type)
    .where("recipient_id", "=", recipient.id)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** One of the recipient's own notifications; null when unknown or someone else's. */
export async function findRecipientNotification(db: Kysely<Database>, recipient: Recipient, id: string): Promise<Notification | null> {
  const row = await db
    .selectFrom("notifications")
    .selectAll()
    .where("id", "=", id)
    .where("recipient_type", "=", recipient.type)
    .where("recipient_id", "=", recipient.id)
    .executeTakeFirst();
  return row ? parse(row) : null;
}
