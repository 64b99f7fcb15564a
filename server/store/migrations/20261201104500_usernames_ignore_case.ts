// Frozen migration: imports nothing from the app, so later schema changes cannot rewrite history.
import { sql, type Kysely } from "kysely";

/** "Maya" and "maya" are one username: sign-in and sign-up look names up by lower(username). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("users_username_lower_idx").unique().on("users").expression(sql`lower(username)`).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("users_username_lower_idx").execute();
}
