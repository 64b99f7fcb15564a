import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createProduct } from "@/server/store/repositories/products.repository";
import { createShop } from "@/server/store/repositories/shops.repository";
import { shopDailyStats } from "@/server/store/repositories/shop-stats.repository";
import type { Order } from "@/server/store/tables/orders.table";
import { openSeededStore, type TestStore } from "./helpers";

let store: TestStore;
beforeEach(async () => (store = await openSeededStore()));
afterEach(() => store.dispose());

// A fixed clock: the window is 2030-01-02 .. 2030-01-31 (UTC), far from the demo's own data.
const NOW = new Date("2030-01-31T15:00:00Z");

function order(id: string, productId: string, createdAt: string, paidAt: string | null, status: Order["status"], amount: number): Order {
  return {
    id, customer_id: "user456", shop_id: "shop_stats", product_id: productId, quantity: 1, amount_cents: amount, currency: "EUR",
    status, created_at: createdAt, confirmed_at: null, paid_at: paidAt, cancelled_at: null, refund_status: null,
  };
}

describe("a shop's last 30 days", () => {
  it("counts orders by the day placed, revenue by the day paid (not refunded), likes by the day given; empty days are zero", async () => {
    const { db } = store;
    await createShop(db, { id: "shop_stats", ownerId: "owner1", name: "Stats", location: "Here", category: "tests" });
    const product = await createProduct(db, { shopId: "shop_stats", name: "Thing", description: "A thing", priceCents: 1000, currency: "EUR", videoUrl: "/v.mp4", posterUrl: "/p.jpg", publish: true });
    await db.insertInto("orders").values([
      order("o_old", product.id, "2030-01-01T23:59:59Z", null, "placed", 1000), // a day before the window
      order("o_a", product.id, "2030-01-02T00:00:00Z", "2030-01-03T09:00:00Z", "paid", 1000),
      order("o_b", product.id, "2030-01-31T10:00:00Z", "2030-01-31T11:00:00Z", "paid", 2500),
      order("o_c", product.id, "2030-01-31T12:00:00Z", "2030-01-31T12:30:00Z", "cancelled", 9900),
    ]).execute();
    await db.insertInto("product_likes").values([
      { user_id: "user123", product_id: product.id, created_at: "2030-01-15T08:00:00Z" },
      { user_id: "user456", product_id: product.id, created_at: "2030-01-15T20:00:00Z" },
      { user_id: "courier2", product_id: "prod_201", created_at: "2030-01-15T20:00:00Z" }, // another shop's product
    ]).execute();

    const stats = await shopDailyStats(db, "shop_stats", 30, NOW);
    expect(stats.currency).toBe("EUR");
    expect(stats.days).toHaveLength(30);
    expect(stats.days[0]).toEqual({ date: "2030-01-02", orders: 1, revenue_cents: 0, likes: 0 });
    expect(stats.days[1]).toEqual({ date: "2030-01-03", orders: 0, revenue_cents: 1000, likes: 0 });
    expect(stats.days.find((d) => d.date === "2030-01-15")).toEqual({ date: "2030-01-15", orders: 0, revenue_cents: 0, likes: 2 });
    expect(stats.days.at(-1)).toEqual({ date: "2030-01-31", orders: 2, revenue_cents: 2500, likes: 0 });
    const total = stats.days.reduce((sum, d) => sum + d.orders + d.revenue_cents + d.likes, 0);
    expect(total).toBe(1 + 1000 + 2 + 2 + 2500);
  });
});
