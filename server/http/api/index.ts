import type { HttpRoutes } from "../../app";
import type { AppContext } from "../../services/context";
import { registerChatRoomRoutes } from "./chat-rooms";
import { registerDeliveryRoutes } from "./deliveries";
import { registerFollowRoutes } from "./follows";
import { registerMediaRoutes, UPLOADS_PATH } from "./media";
import { registerMeRoutes } from "./me";
import { registerOrderRoutes } from "./orders";
import { registerProductRoutes } from "./products";
import { ApiRouter } from "./router";
import { registerShopStatsRoutes } from "./shop-stats";

/** The JSON API under /api/v1 (one module per resource registers its routes), and uploaded media. */
export function createApiRoutes(ctx: AppContext): HttpRoutes {
  const router = new ApiRouter();
  registerMeRoutes(router, ctx);
  registerFollowRoutes(router, ctx);
  registerOrderRoutes(router, ctx);
  registerChatRoomRoutes(router, ctx);
  registerProductRoutes(router, ctx);
  registerDeliveryRoutes(router, ctx);
  registerShopStatsRoutes(router, ctx);
  registerMediaRoutes(router, ctx);
  const handled = (path: string) => path.startsWith("/api/v1/") || path.startsWith(UPLOADS_PATH);
  return (req, res, url) => (handled(url.pathname) ? router.handle(req, res, url) : Promise.resolve(false));
}
