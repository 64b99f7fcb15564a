// Frozen migration: imports nothing from the app.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // recipient_id is a user or a shop depending on recipient_type, so it has no foreign key.
  await db.schema
    .createTable("notifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("recipient_type", "text", (c) => c.notNull())
    .addColumn("recipient_id", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("notifications_recipient_idx")
    .on("notifications")
    .columns(["recipient_type", "recipient_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("notifications").execute();
}
