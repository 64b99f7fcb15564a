import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isEmpty, resetDatabase, seedDemoData } from "@/server/store/seed";
import { authenticateUser, findUserById } from "@/server/store/repositories/users.repository";
import { findShopById } from "@/server/store/repositories/shops.repository";
import { findProductById } from "@/server/store/repositories/products.repository";
import { listMembers, listRecentMessages, listRoomsForMember } from "@/server/store/repositories/chat.repository";
import { findDeliveryById, findDeliveryByToken, listLocationHistory } from "@/server/store/repositories/deliveries.repository";
import { countNotifications } from "@/server/store/repositories/notifications.repository";
import { listOrdersWithDetails } from "@/server/store/repositories/orders.repository";
import { isFollowing } from "@/server/store/repositories/follows.repository";
import { DEMO_PASSWORD, openMigratedStore, type TestStore } from "./helpers";

let store: TestStore;
beforeEach(async () => {
  store = await openMigratedStore();
  expect(await isEmpty(store.db)).toBe(true);
  await seedDemoData(store.db, { password: DEMO_PASSWORD });
});
afterEach(() => store.dispose());

describe("seedDemoData", () => {
  it("creates the demo users with the given password", async () => {
    const db = store.db;
    expect(await isEmpty(db)).toBe(false);
    expect(await findUserById(db, "user123")).toMatchObject({ username: "user123", role: "shopper", display_name: "Maya Chen" });
    expect(await findUserById(db, "owner1")).toMatchObject({ role: "owner" });
    expect(await findUserById(db, "courier1")).toMatchObject({ role: "courier", display_name: "Sam Rivera" });
    expect(await findUserById(db, "admin")).toMatchObject({ role: "admin" });
    expect(await authenticateUser(db, "user123", DEMO_PASSWORD)).not.toBeNull();
    expect(await authenticateUser(db, "user123", "wrong")).toBeNull();
  });

  it("creates shops and at least 30 published products including prod_123", async () => {
    const db = store.db;
    expect(await findShopById(db, "shop_1")).toMatchObject({ name: "Hudson Tech", owner_id: "owner1", category: "electronics" });
    const shops = await db.selectFrom("shops").select("id").execute();
    expect(shops.length).toBeGreaterThanOrEqual(6);
    const published = await db.selectFrom("products").select("id").where("published_at", "is not", null).execute();
    expect(published.length).toBeGreaterThanOrEqual(30);
    expect(await findProductById(db, "prod_123")).toMatchObject({
      shop_id: "shop_1",
      video_url: expect.stringMatching(/^\/media\/clips\/clip-[1-8]\.mp4$/),
      poster_url: expect.stringMatching(/^\/media\/clips\/clip-[1-8]\.jpg$/),
    });
    expect(await isFollowing(db, "user123", "shop", "shop_1")).toBe(true);
  });

  it("creates chat rooms with history and members", async () => {
    const db = store.db;
    const rooms = (await listRoomsForMember(db, "user123")).map((r) => r.id);
    for (const roomId of ["12345", "abc123"]) {
      expect(rooms).toContain(roomId);
      const members = (await listMembers(db, roomId)).map((m) => m.user_id).sort();
      expect(members).toEqual(["owner1", "user123"]);
      expect((await listRecentMessages(db, roomId)).length).toBeGreaterThan(0);
    }
    const history = await listRecentMessages(db, "12345");
    expect(history.some((m) => m.sender_type === "ai" && m.sender_id === null)).toBe(true);
  });

  it("creates deliveries, orders and notifications", async () => {
    const db = store.db;
    expect(await findDeliveryByToken(db, "abc123track")).toMatchObject({ id: "abc123", status: "in_transit" });
    expect(await findDeliveryById(db, "67890")).toMatchObject({
      status: "in_transit",
      tracking_token: "67890track",
      customer_id: "user123",
      courier_id: "courier1",
      shop_id: "shop_1",
      customer_phone: expect.any(String),
    });
    expect(await findDeliveryById(db, "test456")).toMatchObject({ status: "assigned", picked_up_at: null });

    const trail = await listLocationHistory(db, "67890");
    expect(trail.length).toBe(10);
    expect(trail.map((p) => p.recorded_at)).toEqual(trail.map((p) => p.recorded_at).sort());
    expect(trail[0].latitude).toBeCloseTo(40.7128, 2);

    const orders = await listOrdersWithDetails(db, { customerId: "user123" });
    expect(orders.find((o) => o.id === "order_1001")).toMatchObject({ status: "paid" });
    expect(await countNotifications(db, { type: "user", id: "user123" })).toEqual({ total: 5, unread: 3 });
  });

  it("can be reset and seeded again", async () => {
    await resetDatabase(store.db);
    expect(await isEmpty(store.db)).toBe(true);
    await seedDemoData(store.db, { password: DEMO_PASSWORD });
    expect(await findUserById(store.db, "user123")).not.toBeNull();
  });
});
