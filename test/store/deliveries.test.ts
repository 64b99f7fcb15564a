import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  assignCourier,
  createDeliveryForOrder,
  findDeliveryByToken,
  insertLocationWhile,
  latestLocation,
  listActiveDeliveriesByShop,
  listDeliveriesForUser,
  listLocationHistory,
  newLocation,
  updateDeliveryStatus,
} from "@/server/store/repositories/deliveries.repository";
import { storeLocation } from "../support/locations";
import { openSeededStore, type TestStore } from "./helpers";

let store: TestStore;
beforeEach(async () => (store = await openSeededStore()));
afterEach(() => store.dispose());

const route = {
  origin: { latitude: 40.7128, longitude: -74.006 },
  destination: { latitude: 40.72, longitude: -73.99 },
  customerAddress: "1 Test St, New York, NY",
};

describe("deliveries", () => {
  it("moves forward through the statuses and stamps the times", async () => {
    const { db } = store;
    const created = (await createDeliveryForOrder(db, { orderId: "order_1004", ...route }))!;
    expect(created).toMatchObject({ status: "pending", shop_id: "shop_3", customer_id: "user123", courier_id: null });
    expect(await findDeliveryByToken(db, created.tracking_token)).toMatchObject({ id: created.id });

    expect(await assignCourier(db, created.id, "courier2")).toMatchObject({ status: "assigned", courier_id: "courier2" });
    expect(await updateDeliveryStatus(db, created.id, "picked_up")).toMatchObject({ picked_up_at: expect.any(String) });
    expect(await assignCourier(db, created.id, "courier1")).toBeNull();
    expect(await updateDeliveryStatus(db, created.id, "assigned")).toBeNull();
    expect(await updateDeliveryStatus(db, created.id, "in_transit")).toMatchObject({ status: "in_transit" });
    expect(await updateDeliveryStatus(db, created.id, "delivered")).toMatchObject({ status: "delivered", delivered_at: expect.any(String) });
    expect(await updateDeliveryStatus(db, created.id, "cancelled")).toBeNull();
    // Compare-and-set: a change computed from a status that has moved on is refused.
    expect(await updateDeliveryStatus(db, "test456", "picked_up", { from: "pending" })).toBeNull();
    expect(await updateDeliveryStatus(db, "test456", "picked_up", { from: "assigned" })).toMatchObject({ status: "picked_up" });
    expect((await listActiveDeliveriesByShop(db, "shop_3")).map((d) => d.id)).not.toContain(created.id);
  });

  it("keeps the location history in time order, capped to the latest points", async () => {
    const { db } = store;
    const start = Date.parse("2030-01-01T12:00:00Z");
    for (let i = 0; i < 5; i++) {
      await storeLocation(db, { deliveryId: "test456", latitude: 40.7 + i / 1000, longitude: -74, speedKmh: 20, recordedAt: new Date(start + i * 1000) });
    }
    expect((await latestLocation(db, "test456"))?.latitude).toBeCloseTo(40.704, 6);
    const history = await listLocationHistory(db, "test456", 3);
    expect(history).toHaveLength(3);
    [40.702, 40.703, 40.704].forEach((latitude, i) => expect(history[i].latitude).toBeCloseTo(latitude, 9));
  });

  it("stores a point only while the delivery still has the courier, status and latest point it was checked against", async () => {
    const { db } = store;
    // test456: assigned to courier1, no points yet.
    const point = (latitude: number, at: number) => newLocation({ deliveryId: "test456", latitude, longitude: -74, speedKmh: null, recordedAt: new Date(at) });
    const start = Date.parse("2030-01-01T12:00:00Z");
    const first = point(40.71, start);
    expect(await insertLocationWhile(db, first, { courierId: "courier1", status: "assigned", latestPointId: null })).toBe(true);
    expect(await insertLocationWhile(db, point(40.72, start + 1000), { courierId: "courier2", status: "assigned", latestPointId: first.id })).toBe(false);
    expect(await insertLocationWhile(db, point(40.73, start + 1000), { courierId: "courier1", status: "in_transit", latestPointId: first.id })).toBe(false);
    // Measured from no point, or from one that is no longer the latest: refused.
    expect(await insertLocationWhile(db, point(40.731, start + 1000), { courierId: "courier1", status: "assigned", latestPointId: null })).toBe(false);
    const elsewhere = await storeLocation(db, { deliveryId: "test456", latitude: 40.735, longitude: -74, recordedAt: new Date(start + 500) });
    expect(await insertLocationWhile(db, point(40.732, start + 1000), { courierId: "courier1", status: "assigned", latestPointId: first.id })).toBe(false);
    await assignCourier(db, "test456", "courier2");
    expect(await insertLocationWhile(db, point(40.74, start + 2000), { courierId: "courier1", status: "assigned", latestPointId: elsewhere.id })).toBe(false);
    expect(await insertLocationWhile(db, point(40.75, start + 2000), { courierId: "courier2", status: "assigned", latestPointId: elsewhere.id })).toBe(true);
    const stored = await listLocationHistory(db, "test456");
    expect(stored.map((p) => p.latitude)).toEqual([40.71, 40.735, 40.75]);
    expect(stored[2]).toMatchObject({ delivery_id: "test456", longitude: -74, speed_kmh: null });
  });

  it("lists deliveries for customers and couriers", async () => {
    const { db } = store;
    expect((await listDeliveriesForUser(db, "user123")).map((d) => d.id).sort()).toEqual(["67890", "abc123", "delivery123", "test456"]);
    expect((await listDeliveriesForUser(db, "courier1")).length).toBe(4);
    expect((await listActiveDeliveriesByShop(db, "shop_1")).length).toBe(4);
  });
});
