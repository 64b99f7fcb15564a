// Frozen migration: imports nothing from the app.
import type { Kysely } from "kysely";

/** A sender's own id for a message, so a retried send is stored once. NULLs do not collide. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("chat_messages").addColumn("client_id", "text").execute();
  await db.schema
    .createIndex("chat_messages_client_id_idx")
    .on("chat_messages")
    .columns(["room_id", "sender_id", "client_id"])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("chat_messages_client_id_idx").execute();
  await db.schema.alterTable("chat_messages").dropColumn("client_id").execute();
}
