// Frozen migration: imports nothing from the app.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // target_id points at a shop or a user depending on target_type, so it has no foreign key.
  await db.schema
    .createTable("follows")
    .addColumn("follower_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("target_type", "text", (c) => c.notNull())
    .addColumn("target_id", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("follows_pk", ["follower_id", "target_type", "target_id"])
    .execute();
  await db.schema.createIndex("follows_target_idx").on("follows").columns(["target_type", "target_id"]).execute();

  for (const table of ["product_likes", "product_saves"]) {
    await db.schema
      .createTable(table)
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
      .addColumn("product_id", "text", (c) => c.notNull().references("products.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ["user_id", "product_id"])
      .execute();
    await db.schema.createIndex(`${table}_product_idx`).on(table).columns(["product_id", "created_at"]).execute();
  }

  await db.schema
    .createTable("product_views")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id"))
    .addColumn("hour_bucket", "text", (c) => c.notNull())
    .addColumn("viewed_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("product_views_pk", ["user_id", "product_id", "hour_bucket"])
    .execute();
  await db.schema.createIndex("product_views_product_idx").on("product_views").columns(["product_id", "viewed_at"]).execute();

  await db.schema
    .createTable("product_shares")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.references("users.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id"))
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("product_shares_product_idx").on("product_shares").columns(["product_id", "created_at"]).execute();

  await db.schema
    .createTable("product_reports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("product_reports_user_idx").on("product_reports").columns(["user_id", "product_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["product_reports", "product_shares", "product_views", "product_saves", "product_likes", "follows"]) {
    await db.schema.dropTable(table).execute();
  }
}
