import type { IncomingMessage } from "node:http";
import { followRequestSchema, type FollowState, type ShopDetails } from "@/lib/api/follows";
import type { FollowNotificationData } from "@/lib/events";
import type { AppContext } from "../../services/context";
import { countFollowers, follow, isFollowing, unfollow } from "../../store/repositories/follows.repository";
import { countPublishedProducts } from "../../store/repositories/products.repository";
import { findShopById } from "../../store/repositories/shops.repository";
import { findUserById } from "../../store/repositories/users.repository";
import { requireUserId } from "./auth";
import { HttpError, readJson, sendJson, type ApiRouter } from "./router";

export function registerFollowRoutes(router: ApiRouter, ctx: AppContext): void {
  // POST /api/v1/follows {target_type, target_id} - follow a shop or a user (idempotent)
  router.add("POST", "/api/v1/follows", async ({ req, res }) => {
    const userId = await requireUserId(req, ctx.verifier);
    const { target_type, target_id } = await readJson(req, followRequestSchema);
    if (target_type === "user" && target_id === userId) throw new HttpError(422, "cannot_follow_self");
    if (!(await targetExists(ctx, target_type, target_id))) throw new HttpError(404, "not_found");
    const follower = await findUserById(ctx.db, userId);
    if (!follower) throw new HttpError(401, "unauthorized");

    await ctx.notifier.commit("follow_notify", async (trx, notify) => {
      const { created } = await follow(trx, userId, target_type, target_id);
      const data: FollowNotificationData = { follower_id: userId, follower_name: follower.display_name, target_type, target_id };
      if (created) await notify({ type: target_type, id: target_id }, "follow", data);
    });
    const body: FollowState = { following: true, followers: await countFollowers(ctx.db, target_type, target_id) };
    sendJson(res, 201, body);
  });

  // DELETE /api/v1/follows {target_type, target_id} - stop following (idempotent)
  router.add("DELETE", "/api/v1/follows", async ({ req, res }) => {
    const userId = await requireUserId(req, ctx.verifier);
    const { target_type, target_id } = await readJson(req, followRequestSchema);
    await unfollow(ctx.db, userId, target_type, target_id);
    const body: FollowState = { following: false, followers: await countFollowers(ctx.db, target_type, target_id) };
    sendJson(res, 200, body);
  });

  // GET /api/v1/shops/:shopId - a shop's public page data; following_by_me needs a token
  router.add("GET", "/api/v1/shops/:shopId", async ({ req, res, params }) => {
    const viewerId = await optionalUserId(req, ctx);
    const shop = await findShopById(ctx.db, params.shopId);
    if (!shop) throw new HttpError(404, "not_found");
    const body: ShopDetails = {
      shop,
      followers: await countFollowers(ctx.db, "shop", shop.id),
      following_by_me: viewerId ? await isFollowing(ctx.db, viewerId, "shop", shop.id) : false,
      products_count: await countPublishedProducts(ctx.db, shop.id),
    };
    sendJson(res, 200, body);
  });
}

async function targetExists(ctx: AppContext, type: "shop" | "user", id: string): Promise<boolean> {
  return type === "shop" ? (await findShopById(ctx.db, id)) !== null : (await findUserById(ctx.db, id)) !== null;
}

/** Anonymous without an Authorization header; a bad token is still a 401. */
function optionalUserId(req: IncomingMessage, ctx: AppContext): Promise<string | null> {
  return req.headers.authorization ? requireUserId(req, ctx.verifier) : Promise.resolve(null);
}
