import type { Kysely, Transaction } from "kysely";
import type { Database } from "./database";

/**
 * Runs `work` in `db`'s transaction when `db` is one (the caller's write, with what it adds, such
 * as a notification), else in a new one: a repository write that must be atomic composes either way.
 */
export function inTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}
