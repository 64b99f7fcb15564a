import { SHOP_STATS_DAYS, type ShopStats } from "@/lib/api/shop-stats";
import type { AppContext } from "../../services/context";
import { requireOwnShop } from "../../services/ownership";
import { shopDailyStats } from "../../store/repositories/shop-stats.repository";
import { requireUserId } from "./auth";
import { sendJson, type ApiRouter } from "./router";

export function registerShopStatsRoutes(router: ApiRouter, ctx: AppContext): void {
  // GET /api/v1/shops/:shopId/stats - the owner's last 30 days: orders, revenue and likes per day
  router.add("GET", "/api/v1/shops/:shopId/stats", async ({ req, res, params }) => {
    const shop = await requireOwnShop(ctx.db, await requireUserId(req, ctx.verifier), params.shopId);
    const body: ShopStats = await shopDailyStats(ctx.db, shop.id, SHOP_STATS_DAYS);
    sendJson(res, 200, body);
  });
}
