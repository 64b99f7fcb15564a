import type { ShopConversation } from "@/lib/api/conversations";
import type { AppContext } from "../../services/context";
import { requireOwnShop } from "../../services/ownership";
import { openShopConversation } from "../../services/shop-conversations";
import { listRoomsForMember, type MemberRoomSummary } from "../../store/repositories/chat.repository";
import { requireUserId } from "./auth";
import { sendJson, type ApiRouter } from "./router";

export function registerChatRoomRoutes(router: ApiRouter, ctx: AppContext): void {
  // GET /api/v1/chat/rooms[?shop=<shop_id>] - the rooms the caller belongs to, most recently active
  // first; with `shop`, only that shop's conversations with its shoppers (its owner's inbox)
  router.add("GET", "/api/v1/chat/rooms", async ({ req, res, url }) => {
    const userId = await requireUserId(req, ctx.verifier);
    const shopId = url.searchParams.get("shop");
    if (shopId) await requireOwnShop(ctx.db, userId, shopId);
    const rooms: MemberRoomSummary[] = await listRoomsForMember(ctx.db, userId, { shopId });
    sendJson(res, 200, { rooms });
  });

  // POST /api/v1/shops/:shopId/conversation - opens (or reuses) the caller's private conversation with the shop
  router.add("POST", "/api/v1/shops/:shopId/conversation", async ({ req, res, params }) => {
    const room = await openShopConversation(ctx.db, params.shopId, await requireUserId(req, ctx.verifier));
    const body: ShopConversation = { room_id: room.id };
    sendJson(res, 200, body);
  });
}
