import { createDatabase, type StoreDatabase } from "./db";

// Kept on globalThis so Next's hot reloads reuse the handle instead of opening new ones.
const holder = globalThis as { __realtimeMarketStore?: StoreDatabase };

/**
 * The store for server code that runs inside Next (sign-in, server-rendered pages): one handle per
 * process, beside the socket server's own. SQLite in WAL mode and PostgreSQL both allow that.
 */
export function processStore(): StoreDatabase {
  return (holder.__realtimeMarketStore ??= createDatabase());
}
