import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cancelOrder, confirmOrder, createOrder, findOrder, listOrdersWithDetails, payOrder } from "@/server/store/repositories/orders.repository";
import { createShop, listShopsByOwner } from "@/server/store/repositories/shops.repository";
import { findUserById } from "@/server/store/repositories/users.repository";
import { openSeededStore, type TestStore } from "./helpers";

let store: TestStore;
beforeEach(async () => (store = await openSeededStore()));
afterEach(() => store.dispose());

describe("orders", () => {
  it("prices the order from the product and refuses drafts", async () => {
    const { db } = store;
    const order = await createOrder(db, "user456", "prod_124", 3);
    expect(order).toMatchObject({ shop_id: "shop_1", amount_cents: 3999 * 3, currency: "USD", status: "placed" });
    expect((await listOrdersWithDetails(db, { shopId: "shop_1" })).map((o) => o.id)).toContain(order!.id);
    expect(await createOrder(db, "user456", "prod_128", 1)).toBeNull();
    await expect(createOrder(db, "user456", "prod_124", 0)).rejects.toThrow(RangeError);
  });

  it("goes placed → confirmed → paid and refuses steps out of order", async () => {
    const { db } = store;
    const order = (await createOrder(db, "user456", "prod_201", 1))!;
    expect(await payOrder(db, order.id)).toBeNull();
    expect((await findOrder(db, order.id))?.status).toBe("placed");

    expect(await confirmOrder(db, order.id)).toMatchObject({ status: "confirmed", confirmed_at: expect.any(String) });
    expect(await confirmOrder(db, order.id)).toBeNull();

    const paid = await payOrder(db, order.id);
    expect(paid?.order).toMatchObject({ status: "paid", paid_at: expect.any(String) });
    expect(paid?.payment).toMatchObject({ order_id: order.id, amount_cents: 4500, method: "simulated", status: "succeeded" });
    expect(await payOrder(db, order.id)).toBeNull();
    // A paid order cancels into a refund due; a cancelled one stays as it is.
    expect(await cancelOrder(db, { id: order.id, status: "confirmed" })).toBeNull();
    expect(await cancelOrder(db, paid!.order)).toMatchObject({ status: "cancelled", refund_status: "pending", cancelled_at: expect.any(String) });
    expect(await cancelOrder(db, { id: order.id, status: "cancelled" })).toBeNull();

    const payments = await db.selectFrom("payments").selectAll().where("order_id", "=", order.id).execute();
    expect(payments).toHaveLength(1);
  });
});

describe("createShop", () => {
  it("makes a shopper an owner, in the same transaction", async () => {
    const { db } = store;
    const shop = await createShop(db, { ownerId: "user789", name: "Priya's Pickles", location: "Jackson Heights", category: "food" });
    expect(shop.id).toMatch(/^shop_/);
    expect((await findUserById(db, "user789"))?.role).toBe("owner");
    expect((await listShopsByOwner(db, "user789")).map((s) => s.id)).toEqual([shop.id]);
  });

  it("keeps other roles as they are", async () => {
    const { db } = store;
    await createShop(db, { ownerId: "admin", name: "Admin Test Shop", location: "NYC", category: "misc" });
    expect((await findUserById(db, "admin"))?.role).toBe("admin");
  });

  it("rolls back when the owner does not exist", async () => {
    const { db } = store;
    await expect(createShop(db, { ownerId: "nobody", name: "Ghost", location: "-", category: "-" })).rejects.toThrow();
    expect(await db.selectFrom("shops").select("id").where("name", "=", "Ghost").execute()).toEqual([]);
  });
});
