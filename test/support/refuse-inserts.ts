import { sql } from "kysely";
import type { TestApp } from "./app";

/**
 * Makes the database refuse every insert into `table` (a trigger that raises, on SQLite or
 * PostgreSQL), as a crash right before that insert would leave it unwritten. Resolves with the
 * function that lifts the refusal.
 */
export async function refuseInserts(t: TestApp, table: string): Promise<() => Promise<void>> {
  const db = t.app.context.db;
  const name = sql.raw(`refuse_${table}`);
  const target = sql.table(table);
  if (t.app.store.dialect === "postgres") {
    await sql`create function ${name}() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`.execute(db);
    await sql`create trigger ${name} before insert on ${target} for each row execute function ${name}()`.execute(db);
    return async () => void (await sql`drop function ${name}() cascade`.execute(db));
  }
  await sql`create trigger ${name} before insert on ${target} begin select raise(abort, 'refused'); end`.execute(db);
  return async () => void (await sql`drop trigger ${name}`.execute(db));
}
