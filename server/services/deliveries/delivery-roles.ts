import type { Kysely } from "kysely";
import type { Database } from "@/server/store/database";
import type { Delivery } from "@/server/store/tables/deliveries.table";
import type { Shop } from "@/server/store/tables/shops.table";
import { findShopById } from "@/server/store/repositories/shops.repository";
import { findUserById } from "@/server/store/repositories/users.repository";
import type { DeliveryRole } from "@/lib/delivery-rules";
import { isShopOwner } from "../ownership";

/** The roles the delivery row and its shop give the user (admin is the user's own role: see deliveryRoles). */
export function participantRoles(delivery: Delivery, shop: Pick<Shop, "owner_id"> | null, userId: string): Set<DeliveryRole> {
  const roles = new Set<DeliveryRole>();
  if (delivery.courier_id === userId) roles.add("courier");
  if (delivery.customer_id === userId) roles.add("customer");
  if (shop && isShopOwner(shop, userId)) roles.add("owner");
  return roles;
}

/**
 * The user's roles on this delivery, the shop and the user read fresh: with a fresh delivery row a
 * reassigned courier loses the rights of the old one at once. Empty means no access.
 */
export async function deliveryRoles(db: Kysely<Database>, delivery: Delivery, userId: string): Promise<Set<DeliveryRole>> {
  const roles = participantRoles(delivery, await findShopById(db, delivery.shop_id), userId);
  if ((await findUserById(db, userId))?.role === "admin") roles.add("admin");
  return roles;
}
