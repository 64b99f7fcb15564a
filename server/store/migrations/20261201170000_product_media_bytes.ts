// Frozen migration: imports nothing from the app.
import type { Kysely } from "kysely";

/** The bytes of a product's uploaded video and poster, which count against its shop's media quota. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("products").addColumn("media_bytes", "integer", (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("products").dropColumn("media_bytes").execute();
}
