import { Migrator, sql, type Kysely } from "kysely";
import type { Database } from "./database";
import type { StoreDatabase } from "./db";
import { migrationProvider } from "./migrations";

/** Any fixed number; every node of a deployment takes the same PostgreSQL advisory lock. */
const SETUP_LOCK = 727_011;

/**
 * Runs `setup` (migrations, and in the demo the seed) on one node at a time: on PostgreSQL under
 * a session advisory lock, so nodes started together wait for the first one and then find the
 * work done. SQLite is one process's file and needs none.
 */
export async function whileSettingUp<T>(store: StoreDatabase, setup: () => Promise<T>): Promise<T> {
  if (store.dialect !== "postgres") return setup();
  return store.db.connection().execute(async (connection) => {
    // Waiting for another node's setup is no runaway statement: no statement timeout for the wait.
    await sql`set statement_timeout = 0`.execute(connection);
    await sql`select pg_advisory_lock(${SETUP_LOCK})`.execute(connection);
    try {
      return await setup();
    } finally {
      await sql`select pg_advisory_unlock(${SETUP_LOCK})`.execute(connection);
      await sql`reset statement_timeout`.execute(connection);
    }
  });
}

/** Applies every pending migration; returns the names applied now (empty when up to date). */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === "Error")?.migrationName;
    throw new Error(`migration ${failed ?? "(unknown)"} failed: ${String(error)}`, { cause: error });
  }
  return results.filter((r) => r.status === "Success").map((r) => r.migrationName);
}
