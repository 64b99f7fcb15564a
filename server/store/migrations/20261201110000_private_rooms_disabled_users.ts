// Frozen migration: imports nothing from the app.
import { sql, type Kysely } from "kysely";

/**
 * Chat rooms become private (members only) or open (any signed-in user may join), and users can be
 * disabled. Rooms that already exist keep working: assistant rooms and shop conversations become
 * private, every other room stays open.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("chat_rooms").addColumn("visibility", "text", (c) => c.notNull().defaultTo("open")).execute();
  await db
    .updateTable("chat_rooms")
    .set({ visibility: "private" })
    .where((eb) => eb.or([eb(sql<string>`substr(id, 1, 10)`, "=", "assistant_"), eb("shop_id", "is not", null)]))
    .execute();
  await db.schema.alterTable("users").addColumn("disabled_at", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("disabled_at").execute();
  await db.schema.alterTable("chat_rooms").dropColumn("visibility").execute();
}
