import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { createDatabase } from "@/server/store/db";

/** A new, empty database with a random name on the PostgreSQL server `serverUrl` names; dropped by `dispose`. */
export async function freshPostgresDatabase(serverUrl: string, label: string): Promise<{ url: string; dispose(): Promise<void> }> {
  const name = `${label}_${randomBytes(6).toString("hex")}`;
  const admin = createDatabase(serverUrl);
  await sql`create database ${sql.id(name)}`.execute(admin.db);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async dispose() {
      await sql`drop database ${sql.id(name)} with (force)`.execute(admin.db);
      await admin.close();
    },
  };
}
