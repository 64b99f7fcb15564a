import type { AppContext } from "../../services/context";
import { findUserById, toPublicUser } from "../../store/repositories/users.repository";
import { listShopsByOwner } from "../../store/repositories/shops.repository";
import { requireUserId } from "./auth";
import { HttpError, sendJson, type ApiRouter } from "./router";

export function registerMeRoutes(router: ApiRouter, ctx: AppContext): void {
  // GET /api/v1/me - the signed-in user and the shops they own
  router.add("GET", "/api/v1/me", async ({ req, res }) => {
    const user = await findUserById(ctx.db, await requireUserId(req, ctx.verifier));
    if (!user) throw new HttpError(404, "not_found");
    sendJson(res, 200, { user: toPublicUser(user), shops: await listShopsByOwner(ctx.db, user.id) });
  });
}
