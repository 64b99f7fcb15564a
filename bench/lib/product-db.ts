// The database the product server runs on in the bench: the demo data plus bench shoppers and private rooms.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { createDatabase, type StoreDatabase } from "../../server/store/db";
import { migrateToLatest } from "../../server/store/migrate";
import { seedDemoData } from "../../server/store/seed";
import { feedOrder } from "../../server/services/feed/feed-items";

export type StoreKind = "sqlite" | "postgres";

export interface BenchDatabase {
  url: string;
  store: StoreDatabase;
  /** The product every fresh shopper's first feed page shows first. */
  topProductId: string;
  dispose(): Promise<void>;
}

export const benchUser = (i: number) => `bench_u${i}`;
export const benchRoom = (i: number) => `bench${i}`;
export const benchDelivery = (i: number) => `benchd${i}`;
export const benchTrackingToken = (i: number) => `benchtrack${i}`;

/**
 * `deliveries`: deliveries on the road (picked up a minute ago), delivery i driven by bench user
 * 2i and ordered by bench user 2i + 1, its tracking link benchTrackingToken(i).
 */
export async function prepareDatabase(
  kind: StoreKind,
  users: number,
  rooms: { count: number; size: number },
  deliveries = 0,
): Promise<BenchDatabase> {
  let url: string;
  let drop: () => Promise<void>;
  if (kind === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "rm-bench-"));
    url = `file:${path.join(dir, "bench.db")}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const base = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
    const name = `bench_${randomBytes(5).toString("hex")}`;
    const admin = createDatabase(base);
    await sql`create database ${sql.id(name)}`.execute(admin.db);
    const u = new URL(base);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      await sql`drop database ${sql.id(name)} with (force)`.execute(admin.db);
      await admin.close();
    };
  }
  const store = createDatabase(url);
  await migrateToLatest(store.db);
  await seedDemoData(store.db, { password: randomBytes(12).toString("hex") });
  const now = new Date().toISOString();
  for (let start = 0; start < users; start += 500) {
    const rows = [];
    for (let i = start; i < Math.min(users, start + 500); i++) {
      rows.push({ id: benchUser(i), username: benchUser(i), display_name: `Bench ${i}`, password_hash: "!", role: "shopper" as const, phone: null, created_at: now, disabled_at: null });
    }
    await store.db.insertInto("users").values(rows).execute();
  }
  await store.db.transaction().execute(async (trx) => {
    for (let r = 0; r < rooms.count; r++) {
      await trx.insertInto("chat_rooms").values({ id: benchRoom(r), name: `Bench ${r}`, shop_id: null, visibility: "private", created_by: benchUser(r * rooms.size), created_at: now }).execute();
      const members = Array.from({ length: rooms.size }, (_, m) => ({ room_id: benchRoom(r), user_id: benchUser(r * rooms.size + m), joined_at: now, last_read_message_id: null }));
      await trx.insertInto("chat_members").values(members).execute();
    }
  });
  const pickedUp = new Date(Date.now() - 60_000).toISOString();
  for (let start = 0; start < deliveries; start += 500) {
    const rows = [];
    for (let i = start; i < Math.min(deliveries, start + 500); i++) {
      rows.push({
        id: benchDelivery(i), order_id: null, shop_id: "shop_1", customer_id: benchUser(2 * i + 1), courier_id: benchUser(2 * i), status: "in_transit" as const,
        customer_address: `${i} Bench Street`, customer_phone: null, dest_latitude: 40.75, dest_longitude: -73.98, origin_latitude: 40.7, origin_longitude: -74,
        tracking_token: benchTrackingToken(i), created_at: now, updated_at: pickedUp, picked_up_at: pickedUp, delivered_at: null, cancelled_at: null,
      });
    }
    await store.db.insertInto("deliveries").values(rows).execute();
  }
  // Bench shoppers follow nobody and liked nothing: all of them get the same order.
  const [top] = await feedOrder(store.db, benchUser(0), { fresh: true });
  return {
    url,
    store,
    topProductId: top,
    async dispose() {
      await store.close();
      await drop();
    },
  };
}
