// Frozen migration: imports nothing from the app.
import type { Kysely } from "kysely";

/** Each shopper's ranked feed order, kept a while so a reconnect pages on from the same place on any node. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("feed_snapshots")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("product_ids", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("feed_snapshots").execute();
}
