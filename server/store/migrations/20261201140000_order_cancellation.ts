// Frozen migration: imports nothing from the app.
import type { Kysely } from "kysely";

/** Shoppers cancel orders: when it happened, and whether money taken must go back. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("orders").addColumn("cancelled_at", "text").execute();
  await db.schema.alterTable("orders").addColumn("refund_status", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("orders").dropColumn("refund_status").execute();
  await db.schema.alterTable("orders").dropColumn("cancelled_at").execute();
}
