import type { Kysely } from "kysely";
import { REASON } from "@/lib/protocol";
import type { Database } from "../store/database";
import { findOrder } from "../store/repositories/orders.repository";
import { findProductById } from "../store/repositories/products.repository";
import { findShopById } from "../store/repositories/shops.repository";
import type { Order } from "../store/tables/orders.table";
import type { Product } from "../store/tables/products.table";
import type { Shop } from "../store/tables/shops.table";

// The one ownership rule: a shop, its products and its orders belong to the shop's owner.

/** Refused access: `not_found` when the thing does not exist, `forbidden` when it is someone else's. */
export class AccessError extends Error {
  constructor(readonly reason: typeof REASON.notFound | typeof REASON.forbidden) {
    super(reason);
  }
}

export const isShopOwner = (shop: Pick<Shop, "owner_id">, userId: string | null): boolean =>
  userId !== null && shop.owner_id === userId;

/** The shop, when `userId` owns it. */
export async function requireOwnShop(db: Kysely<Database>, userId: string, shopId: string): Promise<Shop> {
  const shop = await findShopById(db, shopId);
  if (!shop) throw new AccessError(REASON.notFound);
  if (!isShopOwner(shop, userId)) throw new AccessError(REASON.forbidden);
  return shop;
}

/** The product and its shop, when `userId` owns that shop. */
export async function requireOwnProduct(db: Kysely<Database>, userId: string, productId: string): Promise<{ product: Product; shop: Shop }> {
  const product = await findProductById(db, productId);
  if (!product) throw new AccessError(REASON.notFound);
  return { product, shop: await requireOwnShop(db, userId, product.shop_id) };
}

/** The order and its shop, when `userId` owns that shop. */
export async function requireOwnOrder(db: Kysely<Database>, userId: string, orderId: string): Promise<{ order: Order; shop: Shop }> {
  const order = await findOrder(db, orderId);
  if (!order) throw new AccessError(REASON.notFound);
  return { order, shop: await requireOwnShop(db, userId, order.shop_id) };
}
