import type { Kysely } from "kysely";
import { shopConversationId } from "@/lib/chat-rooms";
import { REASON } from "@/lib/protocol";
import type { Database } from "../store/database";
import { createPrivateRoom } from "../store/repositories/chat.repository";
import { findShopById } from "../store/repositories/shops.repository";
import type { ChatRoom } from "../store/tables/chat.table";
import { AccessError, isShopOwner } from "./ownership";

/**
 * The shopper's private conversation with a shop, made on first use and the same room ever after:
 * its members are the shopper and the shop's owner (who sees it in the dashboard's inbox).
 * An owner does not message their own shop.
 */
export async function openShopConversation(db: Kysely<Database>, shopId: string, customerId: string): Promise<ChatRoom> {
  const shop = await findShopById(db, shopId);
  if (!shop) throw new AccessError(REASON.notFound);
  if (isShopOwner(shop, customerId)) throw new AccessError(REASON.forbidden);
  return createPrivateRoom(db, {
    id: shopConversationId(shop.id, customerId),
    name: shop.name,
    createdBy: customerId,
    memberIds: [customerId, shop.owner_id],
    shopId: shop.id,
  });
}
