// npm run db:seed — RESETS the database (deletes every row) and loads the demo data.
// Demo password: env DEMO_PASSWORD, default 'market'.
import { createDatabase } from "@/server/store/db";
import { migrateToLatest } from "@/server/store/migrate";
import { resetDatabase, seedDemoData } from "@/server/store/seed";

const store = createDatabase();
try {
  await migrateToLatest(store.db);
  await resetDatabase(store.db);
  const counts = await seedDemoData(store.db);
  console.log(`seeded ${store.dialect} database:`, counts);
} finally {
  await store.close();
}
