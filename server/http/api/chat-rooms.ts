import type { AppContext } from "../../services/context";
import { listRoomsForMember, type MemberRoomSummary } from "../../store/repositories/chat.repository";
import { requireUserId } from "./auth";
import { sendJson, type ApiRouter } from "./router";

export function registerChatRoomRoutes(router: ApiRouter, ctx: AppContext): void {
  // GET /api/v1/chat/rooms - the rooms the caller belongs to, most recently active first
  router.add("GET", "/api/v1/chat/rooms", async ({ req, res }) => {
    const rooms: MemberRoomSummary[] = await listRoomsForMember(ctx.db, await requireUserId(req, ctx.verifier));
    sendJson(res, 200, { rooms });
  });
}
