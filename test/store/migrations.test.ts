import { afterEach, describe, expect, it } from "vitest";
import { migrateToLatest } from "@/server/store/migrate";
import { migrations } from "@/server/store/migrations";
import { openEmptyStore, type TestStore } from "./helpers";

let store: TestStore | undefined;
afterEach(async () => {
  await store?.dispose();
  store = undefined;
});

describe("migrations", () => {
  it("apply on an empty database and are idempotent", async () => {
    store = await openEmptyStore();
    const { db } = store;
    const applied = await migrateToLatest(db);
    expect(applied).toEqual(Object.keys(migrations).sort());
    expect(await migrateToLatest(db)).toEqual([]);

    const tables = (await db.introspection.getTables()).map((t) => t.name);
    for (const table of ["users", "shops", "products", "chat_messages", "notifications", "orders", "deliveries", "delivery_locations"]) {
      expect(tables).toContain(table);
    }
  });

  it("have timestamp-prefixed names", () => {
    for (const name of Object.keys(migrations)) expect(name).toMatch(/^\d{14}_[a-z_]+$/);
  });
});
