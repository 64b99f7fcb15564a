import { afterEach, describe, expect, it } from "vitest";
import { Migrator, type Kysely } from "kysely";
import { migrateToLatest } from "@/server/store/migrate";
import { migrationProvider, migrations } from "@/server/store/migrations";
import { insertMessage, listMessagesAfter, listRecentMessages } from "@/server/store/repositories/chat.repository";
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

  it("move stored chat to per-room order: each room continues from its highest seq, reads and last-read marks survive", async () => {
    store = await openEmptyStore();
    const db = store.db as Kysely<any>;
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo("20261201110000_private_rooms_disabled_users");
    expect(error).toBeUndefined();
    const now = new Date().toISOString();
    await db.insertInto("users").values({ id: "u1", username: "u1", display_name: "U", password_hash: "x", role: "customer", phone: null, created_at: now }).execute();
    await db.insertInto("chat_rooms").values([
      { id: "ra", name: "A", shop_id: null, created_by: "u1", created_at: now, visibility: "open" },
      { id: "rb", name: "B", shop_id: null, created_by: "u1", created_at: now, visibility: "open" },
      { id: "rc", name: "C", shop_id: null, created_by: "u1", created_at: now, visibility: "open" },
    ]).execute();
    // The old database-wide order: the rooms' messages interleave.
    const old = [["ra", 1], ["rb", 2], ["ra", 3], ["rb", 4], ["ra", 5]] as const;
    await db.insertInto("chat_messages").values(old.map(([room_id, seq]) => ({
      id: `m${seq}`, seq, room_id, sender_id: "u1", sender_type: "user", username: "u1", content: `old ${seq}`, created_at: now, client_id: null,
    }))).execute();
    await db.updateTable("counters").set({ value: 5 }).execute();
    await db.insertInto("chat_members").values({ room_id: "rb", user_id: "u1", joined_at: now, last_read_message_id: "m4" }).execute();
    await db.insertInto("message_reads").values({ message_id: "m4", user_id: "u1", read_at: now }).execute();

    await migrateToLatest(store.db);
    const rooms = await db.selectFrom("chat_rooms").select(["id", "last_seq"]).orderBy("id").execute();
    expect(rooms).toEqual([{ id: "ra", last_seq: 5 }, { id: "rb", last_seq: 4 }, { id: "rc", last_seq: 0 }]);
    expect((await db.introspection.getTables()).map((t) => t.name)).not.toContain("counters");
    expect(await db.selectFrom("message_reads").select("message_id").execute()).toEqual([{ message_id: "m4" }]);
    expect(await db.selectFrom("chat_members").select("last_read_message_id").execute()).toEqual([{ last_read_message_id: "m4" }]);

    const say = (roomId: string, content: string) => insertMessage(store!.db, { roomId, senderId: "u1", senderType: "user", username: "u1", content });
    // rb's next seq is 5, which ra already has: allowed now that seq is unique per room only.
    const inB = (await say("rb", "new b")).message;
    const inA = (await say("ra", "new a")).message;
    await say("rc", "new c");
    expect((await listMessagesAfter(store.db, "rb", "m4"))?.map((m) => m.id)).toEqual([inB.id]);
    expect((await listRecentMessages(store.db, "ra")).map((m) => m.content)).toEqual(["old 1", "old 3", "old 5", "new a"]);
    expect(inA.room_id).toBe("ra");
    const seqs = await db.selectFrom("chat_messages").select(["room_id", "seq"]).where("content", "like", "new %").orderBy("room_id").execute();
    expect(seqs).toEqual([{ room_id: "ra", seq: 6 }, { room_id: "rb", seq: 5 }, { room_id: "rc", seq: 1 }]);
    await expect(db.insertInto("chat_messages").values({
      id: "dup", seq: 6, room_id: "ra", sender_id: "u1", sender_type: "user", username: "u1", content: "dup", created_at: now, client_id: null,
    }).execute()).rejects.toThrow();
  });

  it("fill the feed's counters from the engagement stored before them", async () => {
    store = await openEmptyStore();
    const db = store.db as Kysely<any>;
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo("20261201140000_order_cancellation");
    expect(error).toBeUndefined();
    const at = (hour: string) => `2030-01-01T${hour}:15:00.000Z`;
    await db.insertInto("users").values(["u1", "u2"].map((id) => ({ id, username: id, display_name: id, password_hash: "x", role: "customer", phone: null, created_at: at("00") }))).execute();
    await db.insertInto("shops").values({ id: "s1", owner_id: "u1", name: "S", location: "L", category: "C", created_at: at("00") }).execute();
    await db.insertInto("products").values(["p1", "p2"].map((id) => ({
      id, shop_id: "s1", name: id, description: "-", price_cents: 1, currency: "USD", video_url: "/v", poster_url: "/p", published_at: at("00"), created_at: at("00"), updated_at: at("00"),
    }))).execute();
    await db.insertInto("product_likes").values([{ user_id: "u1", product_id: "p1", created_at: at("10") }, { user_id: "u2", product_id: "p1", created_at: at("11") }]).execute();
    await db.insertInto("product_shares").values({ id: "sh1", user_id: null, product_id: "p1", platform: "x", created_at: at("10") }).execute();
    await db.insertInto("product_views").values({ user_id: "u2", product_id: "p1", hour_bucket: "2030-01-01T10", viewed_at: at("10") }).execute();

    await migrateToLatest(store.db);
    expect(await db.selectFrom("product_stats").select(["product_id", "likes", "shares", "views"]).orderBy("product_id").execute()).toEqual([
      { product_id: "p1", likes: 2, shares: 1, views: 1 },
      { product_id: "p2", likes: 0, shares: 0, views: 0 },
    ]);
    expect(await db.selectFrom("product_activity").select(["product_id", "hour", "events"]).orderBy("hour").execute()).toEqual([
      { product_id: "p1", hour: "2030-01-01T10", events: 3 },
      { product_id: "p1", hour: "2030-01-01T11", events: 1 },
    ]);
  });
});
