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


export async function prepareDatabase(kind: StoreKind, users: number, rooms: { count: number; size: number }): Promise<BenchDatabase> {
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

/** Deliveries on the road (picked up now) between bench users, delivery i named `id(i)`; their ids and tracking tokens. */
export async function addDeliveries(
  db: BenchDatabase,
  pairs: Array<{ courier: number; customer: number }>,
  id: (i: number) => string,
): Promise<Array<{ id: string; trackingToken: string }>> {
  const now = new Date().toISOString();
  const rows = pairs.map(({ courier, customer }, i) => ({
    id: id(i), order_id: null, shop_id: "shop_1", customer_id: benchUser(customer), courier_id: benchUser(courier), status: "in_transit" as const,
    customer_address: `${i} Bench St`, customer_phone: null, dest_latitude: 40.75, dest_longitude: -73.98, origin_latitude: 40.7, origin_longitude: -73.99,
    tracking_token: `${id(i)}track`, created_at: now, updated_at: now, picked_up_at: now, delivered_at: null, cancelled_at: null,
  }));
  for (let start = 0; start < rows.length; start += 500) await db.store.db.insertInto("deliveries").values(rows.slice(start, start + 500)).execute();
  return rows.map((r) => ({ id: r.id, trackingToken: r.tracking_token }));
}
