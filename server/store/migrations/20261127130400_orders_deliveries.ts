// Frozen migration: imports nothing from the app.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("orders")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("customer_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id"))
    .addColumn("quantity", "integer", (c) => c.notNull())
    .addColumn("amount_cents", "integer", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("confirmed_at", "text")
    .addColumn("paid_at", "text")
    .execute();
  await db.schema.createIndex("orders_customer_idx").on("orders").columns(["customer_id", "created_at"]).execute();
  await db.schema.createIndex("orders_shop_idx").on("orders").columns(["shop_id", "created_at"]).execute();

  await db.schema
    .createTable("payments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("order_id", "text", (c) => c.notNull().references("orders.id"))
    .addColumn("amount_cents", "integer", (c) => c.notNull())
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("payments_order_idx").on("payments").column("order_id").execute();

  // Coordinates are double precision: single-precision floats lose metres at city scale.
  await db.schema
    .createTable("deliveries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("order_id", "text", (c) => c.references("orders.id"))
    .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
    .addColumn("customer_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("courier_id", "text", (c) => c.references("users.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("customer_address", "text", (c) => c.notNull())
    .addColumn("customer_phone", "text")
    .addColumn("dest_latitude", "double precision", (c) => c.notNull())
    .addColumn("dest_longitude", "double precision", (c) => c.notNull())
    .addColumn("origin_latitude", "double precision", (c) => c.notNull())
    .addColumn("origin_longitude", "double precision", (c) => c.notNull())
    .addColumn("tracking_token", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("picked_up_at", "text")
    .addColumn("delivered_at", "text")
    .addColumn("cancelled_at", "text")
    .execute();
  await db.schema.createIndex("deliveries_shop_status_idx").on("deliveries").columns(["shop_id", "status"]).execute();
  await db.schema.createIndex("deliveries_customer_idx").on("deliveries").column("customer_id").execute();
  await db.schema.createIndex("deliveries_courier_idx").on("deliveries").column("courier_id").execute();

  await db.schema
    .createTable("delivery_locations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("delivery_id", "text", (c) => c.notNull().references("deliveries.id").onDelete("cascade"))
    .addColumn("latitude", "double precision", (c) => c.notNull())
    .addColumn("longitude", "double precision", (c) => c.notNull())
    .addColumn("speed_kmh", "double precision")
    .addColumn("recorded_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("delivery_locations_delivery_time_idx")
    .on("delivery_locations")
    .columns(["delivery_id", "recorded_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["delivery_locations", "deliveries", "payments", "orders"]) {
    await db.schema.dropTable(table).execute();
  }
}
