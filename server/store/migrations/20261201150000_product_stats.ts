// Frozen migration: imports nothing from the app.
import { sql, type Kysely } from "kysely";

/**
 * Counters the feed ranks by, kept up to date in the transaction of each like, unlike, share and
 * view, so a feed join no longer sums every event ever recorded: product_stats holds each product's
 * totals, product_activity its engagement events per UTC hour (the ranking's 7-day and 24-hour
 * windows read at most 168 rows per product). Both are filled from the events stored so far.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("product_stats")
    .addColumn("product_id", "text", (c) => c.primaryKey().references("products.id"))
    .addColumn("likes", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("shares", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("views", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable("product_activity")
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id"))
    .addColumn("hour", "text", (c) => c.notNull())
    .addColumn("events", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("product_activity_pk", ["product_id", "hour"])
    .execute();
  await db.schema.createIndex("product_activity_hour_idx").on("product_activity").columns(["hour", "product_id"]).execute();

  await sql`
    insert into product_stats (product_id, likes, shares, views)
    select p.id,
      (select count(*) from product_likes l where l.product_id = p.id),
      (select count(*) from product_shares s where s.product_id = p.id),
      (select count(*) from product_views v where v.product_id = p.id)
    from products p`.execute(db);
  await sql`
    insert into product_activity (product_id, hour, events)
    select product_id, substr(at, 1, 13), count(*) from (
      select product_id, created_at as at from product_likes
      union all select product_id, created_at from product_shares
      union all select product_id, viewed_at from product_views
    ) e group by product_id, substr(at, 1, 13)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("product_activity").execute();
  await db.schema.dropTable("product_stats").execute();
}
