// Frozen migration: imports nothing from the app.
import { SqliteAdapter, sql, type Kysely } from "kysely";

/**
 * Chat order per room instead of database-wide: each room counts its own messages in
 * chat_rooms.last_seq (continuing from its highest seq), a message's seq is unique within its
 * room, and the global `counters` row every message used to lock is gone, so messages of
 * different rooms never wait for each other.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("chat_rooms").addColumn("last_seq", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await sql`update chat_rooms set last_seq = coalesce((select max(m.seq) from chat_messages m where m.room_id = chat_rooms.id), 0)`.execute(db);
  if (db.getExecutor().adapter instanceof SqliteAdapter) await rebuildSqliteMessages(db);
  else await sql`alter table chat_messages drop constraint chat_messages_seq_key`.execute(db);
  await db.schema.dropIndex("chat_messages_room_seq_idx").ifExists().execute();
  await db.schema.createIndex("chat_messages_room_seq_key").unique().on("chat_messages").columns(["room_id", "seq"]).execute();
  await db.schema.dropTable("counters").execute();
}

const COLUMNS = "id, seq, room_id, sender_id, sender_type, username, content, created_at, client_id";

/**
 * SQLite cannot drop a column's UNIQUE constraint: the table is rebuilt (sqlite.org/lang_altertable.html,
 * "other kinds of table schema changes"), with foreign keys off so rows that point at messages survive.
 */
async function rebuildSqliteMessages(db: Kysely<any>): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    await db.schema
      .createTable("chat_messages_rebuilt")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("seq", "integer", (c) => c.notNull())
      .addColumn("room_id", "text", (c) => c.notNull().references("chat_rooms.id"))
      .addColumn("sender_id", "text", (c) => c.references("users.id"))
      .addColumn("sender_type", "text", (c) => c.notNull())
      .addColumn("username", "text", (c) => c.notNull())
      .addColumn("content", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("client_id", "text")
      .execute();
    await sql.raw(`insert into chat_messages_rebuilt (${COLUMNS}) select ${COLUMNS} from chat_messages`).execute(db);
    await sql`drop table chat_messages`.execute(db);
    await sql`alter table chat_messages_rebuilt rename to chat_messages`.execute(db);
    await db.schema
      .createIndex("chat_messages_client_id_idx")
      .on("chat_messages")
      .columns(["room_id", "sender_id", "client_id"])
      .unique()
      .execute();
    const broken = await sql`pragma foreign_key_check`.execute(db);
    if (broken.rows.length > 0) throw new Error(`chat_messages rebuild broke ${broken.rows.length} foreign keys`);
    await sql`commit`.execute(db);
  } catch (err) {
    await sql`rollback`.execute(db).catch(() => {});
    throw err;
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export async function down(_db: Kysely<any>): Promise<void> {
  throw new Error("20261201130000_chat_room_seq cannot be undone: per-room seqs are not a global order");
}
