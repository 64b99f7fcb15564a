import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from "kysely";
import pg from "pg";
import type { Database } from "./database";

export type DialectName = "sqlite" | "postgres";

export interface StoreDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

export const DEFAULT_SQLITE_PATH = "./data/realtime-market.db";

/**
 * Opens the store. `url` defaults to env DATABASE_URL; without either, the embedded SQLite file
 * at ./data/realtime-market.db is used. `file:<path>` selects SQLite, `postgres://` Postgres.
 */
export function createDatabase(url: string | undefined = process.env.DATABASE_URL): StoreDatabase {
  if (!url) return openSqlite(DEFAULT_SQLITE_PATH);
  if (url.startsWith("file://")) return openSqlite(fileURLToPath(url));
  if (url.startsWith("file:")) return openSqlite(url.slice("file:".length));
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return openPostgres(url);
  throw new Error("DATABASE_URL must start with file: or postgres://");
}

function openSqlite(filename: string): StoreDatabase {
  if (filename !== ":memory:") mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  const sqlite = new SQLite(filename);
  sqlite.pragma("journal_mode = WAL");
  // NORMAL in WAL mode: a commit is a write to the WAL, synced at checkpoints, not on every commit
  // (which stalled the event loop once per message). A committed write survives a crash of the
  // process; a power loss or OS crash may lose the last commits before a checkpoint (README).
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: "sqlite", close: () => db.destroy() };
}

/** Distinct SQL texts kept prepared; the app's queries are a few dozen shapes, IN lists add some. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; preparing (parsing and planning the SQL) costs
 * as much as running a small query. Each SQL text is prepared once and reused, least recently used
 * evicted. A statement still iterating (a streamed query) is not shared: that use gets its own.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (statement?.busy) return sqlite.prepare(text);
      if (statement) statements.delete(text);
      else {
        statement = sqlite.prepare(text);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      statements.set(text, statement);
      return statement;
    },
  };
}

// count(*) is int8 in Postgres, which pg returns as a string; counts here fit in a JS number.
const int8AsNumber = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function openPostgres(connectionString: string): StoreDatabase {
  const pool = new pg.Pool({
    connectionString,
    types: int8AsNumber,
    max: 10,
    // A database that does not answer fails requests in bounded time instead of holding them.
    connectionTimeoutMillis: 10_000,
    statement_timeout: 30_000,
    idle_in_transaction_session_timeout: 60_000,
  });
  // An idle client can lose its connection (server restart, admin kill); without a listener the
  // pool's 'error' event would crash the process. The next query simply opens a new client.
  pool.on("error", (err) => console.warn(`postgres: idle client error: ${err.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: "postgres", close: () => db.destroy() };
}
