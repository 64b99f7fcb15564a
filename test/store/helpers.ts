import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { createDatabase, type StoreDatabase } from "@/server/store/db";
import { migrateToLatest } from "@/server/store/migrate";
import { seedDemoData } from "@/server/store/seed";

export interface TestStore extends StoreDatabase {
  /** Closes the connection and removes the temp file or database. */
  dispose(): Promise<void>;
}

/**
 * A fresh, empty database: a temp SQLite file, or, when TEST_POSTGRES_URL is set, a throwaway
 * Postgres database on that server. (Not a schema: Kysely's migrator introspects every schema,
 * so parallel test files would see each other's migration tables.)
 */
export async function openEmptyStore(): Promise<TestStore> {
  const pgUrl = process.env.TEST_POSTGRES_URL;
  if (!pgUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), "rm-store-"));
    const store = createDatabase(`file:${path.join(dir, "test.db")}`);
    return { ...store, dispose: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const name = `store_test_${randomBytes(6).toString("hex")}`;
  const admin = createDatabase(pgUrl);
  await sql`create database ${sql.id(name)}`.execute(admin.db);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const store = createDatabase(url.toString());
  return {
    ...store,
    dispose: async () => {
      await store.close();
      await sql`drop database ${sql.id(name)} with (force)`.execute(admin.db);
      await admin.close();
    },
  };
}

export async function openMigratedStore(): Promise<TestStore> {
  const store = await openEmptyStore();
  await migrateToLatest(store.db);
  return store;
}

export const DEMO_PASSWORD = "test-password";

export async function openSeededStore(): Promise<TestStore> {
  const store = await openMigratedStore();
  await seedDemoData(store.db, { password: DEMO_PASSWORD });
  return store;
}
