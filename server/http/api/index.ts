import type { HttpRoutes } from "../../app";
import type { AppContext } from "../../services/context";
import { registerChatRoomRoutes } from "./chat-rooms";
import { registerFollowRoutes } from "./follows";
import { registerMeRoutes } from "./me";
import { registerOrderRoutes } from "./orders";
import { ApiRouter } from "./router";

/** The JSON API under /api/v1: one module per resource registers its routes. */
export function createApiRoutes(ctx: AppContext): HttpRoutes {
  const router = new ApiRouter();
  registerMeRoutes(router, ctx);
  registerFollowRoutes(router, ctx);
  registerOrderRoutes(router, ctx);
  registerChatRoomRoutes(router, ctx);
  return (req, res, url) => (url.pathname.startsWith("/api/v1/") ? router.handle(req, res, url) : Promise.resolve(false));
}
