import type { Kysely } from "kysely";
import type { Database } from "@/server/store/database";
import type { Delivery } from "@/server/store/tables/deliveries.table";
import { findShopById } from "@/server/store/repositories/shops.repository";
import { findUserById } from "@/server/store/repositories/users.repository";
import type { DeliveryRole } from "@/lib/delivery-rules";
import { isShopOwner } from "../ownership";

/**
 * The user's roles on this delivery, read fresh each time: a reassigned courier loses
 * the rights of the old one at once. Empty means no access.
 */
export async function deliveryRoles(db: Kysely<Database>, delivery: Delivery, userId: string): Promise<Set<DeliveryRole>> {
  const roles = new Set<DeliveryRole>();
  if (delivery.courier_id === userId) roles.add("courier");
  if (delivery.customer_id === userId) roles.add("customer");
  const shop = await findShopById(db, delivery.shop_id);
  if (shop && isShopOwner(shop, userId)) roles.add("owner");
  if ((await findUserById(db, userId))?.role === "admin") roles.add("admin");
  return roles;
}
