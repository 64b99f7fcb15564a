import { z } from "zod";

// GET /api/v1/shops/:shopId/stats: the shop's last days, one entry per UTC day, oldest first.

export const SHOP_STATS_DAYS = 30;

export const shopDayStatsSchema = z.object({
  /** YYYY-MM-DD, UTC. */
  date: z.string(),
  orders: z.number().int(),
  /** Paid that day, in minor units of the shop's currency; cancelled orders count nothing. */
  revenue_cents: z.number().int(),
  likes: z.number().int(),
});

export const shopStatsSchema = z.object({ currency: z.string(), days: z.array(shopDayStatsSchema) });
export type ShopDayStats = z.infer<typeof shopDayStatsSchema>;
export type ShopStats = z.infer<typeof shopStatsSchema>;
