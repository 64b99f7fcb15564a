// Frozen migration: imports nothing from the app.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("counters")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "integer", (c) => c.notNull())
    .execute();
  await db.insertInto("counters").values({ name: "chat_messages", value: 0 }).execute();

  await db.schema
    .createTable("chat_rooms")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("shop_id", "text", (c) => c.references("shops.id"))
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("chat_messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("seq", "integer", (c) => c.notNull().unique())
    .addColumn("room_id", "text", (c) => c.notNull().references("chat_rooms.id"))
    .addColumn("sender_id", "text", (c) => c.references("users.id"))
    .addColumn("sender_type", "text", (c) => c.notNull())
    .addColumn("username", "text", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("chat_messages_room_seq_idx").on("chat_messages").columns(["room_id", "seq"]).execute();

  await db.schema
    .createTable("chat_members")
    .addColumn("room_id", "text", (c) => c.notNull().references("chat_rooms.id"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("joined_at", "text", (c) => c.notNull())
    .addColumn("last_read_message_id", "text", (c) => c.references("chat_messages.id"))
    .addPrimaryKeyConstraint("chat_members_pk", ["room_id", "user_id"])
    .execute();

  await db.schema
    .createTable("message_reads")
    .addColumn("message_id", "text", (c) => c.notNull().references("chat_messages.id"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("read_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("message_reads_pk", ["message_id", "user_id"])
    .execute();

  await db.schema
    .createTable("assistant_conversations")
    .addColumn("room_id", "text", (c) => c.notNull().references("chat_rooms.id"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("command", "text", (c) => c.notNull())
    .addColumn("step", "text", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("assistant_conversations_pk", ["room_id", "user_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["assistant_conversations", "message_reads", "chat_members", "chat_messages", "chat_rooms", "counters"]) {
    await db.schema.dropTable(table).execute();
  }
}
