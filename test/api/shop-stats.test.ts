import { expect, it } from "vitest";
import { shopStatsSchema } from "@/lib/api/shop-stats";
import { useTestApp } from "../support/app";

const t = useTestApp();

it("GET /api/v1/shops/:id/stats: the owner's last 30 days, today's order included; nobody else's", async () => {
  const before = await t.api("owner1", "GET", "/api/v1/shops/shop_1/stats");
  expect(before.status).toBe(200);
  const stats = shopStatsSchema.strict().parse(before.body);
  expect(stats.days).toHaveLength(30);
  expect(stats.days.at(-1)!.date).toBe(new Date().toISOString().slice(0, 10));
  expect((await t.api("user456", "POST", "/api/v1/orders", { product_id: "prod_124", quantity: 1 })).status).toBe(201);
  const after = (await t.api("owner1", "GET", "/api/v1/shops/shop_1/stats")).body;
  expect(after.days.at(-1).orders).toBe(stats.days.at(-1)!.orders + 1);

  expect(await t.api("owner2", "GET", "/api/v1/shops/shop_1/stats")).toEqual({ status: 403, body: { error: "forbidden" } });
  expect(await t.api("owner1", "GET", "/api/v1/shops/shop_nope/stats")).toEqual({ status: 404, body: { error: "not_found" } });
  expect((await t.api(null, "GET", "/api/v1/shops/shop_1/stats")).status).toBe(401);
});
