// npm run db:migrate — applies pending migrations to DATABASE_URL (default ./data/realtime-market.db).
import { createDatabase } from "@/server/store/db";
import { migrateToLatest } from "@/server/store/migrate";

const store = createDatabase();
try {
  const applied = await migrateToLatest(store.db);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
} finally {
  await store.close();
}
