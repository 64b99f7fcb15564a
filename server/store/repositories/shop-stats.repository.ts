import type { Kysely } from "kysely";
import type { ShopDayStats, ShopStats } from "@/lib/api/shop-stats";
import type { Database } from "../database";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Orders placed, revenue paid and likes received per UTC day over the `days` days ending with
 * `now`'s day (empty days included). Rows are bucketed here, not in SQL, so SQLite and PostgreSQL agree.
 */
export async function shopDailyStats(db: Kysely<Database>, shopId: string, days: number, now = new Date()): Promise<ShopStats> {
  const firstDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * DAY_MS);
  const since = firstDay.toISOString();
  const [orders, likes] = await Promise.all([
    db.selectFrom("orders").select(["created_at", "paid_at", "amount_cents", "currency", "status"]).where("shop_id", "=", shopId).where((eb) => eb.or([eb("created_at", ">=", since), eb("paid_at", ">=", since)])).execute(),
    db
      .selectFrom("product_likes as l")
      .innerJoin("products as p", "p.id", "l.product_id")
      .select("l.created_at")
      .where("p.shop_id", "=", shopId)
      .where("l.created_at", ">=", since)
      .execute(),
  ]);
  const byDay = new Map<string, ShopDayStats>();
  for (let i = 0; i < days; i++) {
    const date = new Date(firstDay.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    byDay.set(date, { date, orders: 0, revenue_cents: 0, likes: 0 });
  }
  const day = (iso: string) => byDay.get(iso.slice(0, 10));
  for (const order of orders) {
    const placed = day(order.created_at);
    if (placed) placed.orders += 1;
    // A cancelled order's payment is refunded: it is no revenue.
    const paid = order.paid_at && order.status !== "cancelled" ? day(order.paid_at) : undefined;
    if (paid) paid.revenue_cents += order.amount_cents;
  }
  for (const like of likes) {
    const liked = day(like.created_at);
    if (liked) liked.likes += 1;
  }
  // Prices are in the currency of the shop's products; a shop without orders shows dollars.
  return { currency: orders[0]?.currency ?? "USD", days: [...byDay.values()] };
}
