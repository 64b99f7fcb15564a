import type { HttpRoutes } from "../../app";
import type { AppContext } from "../../services/context";
import { registerMeRoutes } from "./me";
import { ApiRouter } from "./router";

/** The JSON API under /api/v1: one module per resource registers its routes. */
export function createApiRoutes(ctx: AppContext): HttpRoutes {
  const router = new ApiRouter();
  registerMeRoutes(router, ctx);
  return (req, res, url) => (url.pathname.startsWith("/api/v1/") ? router.handle(req, res, url) : Promise.resolve(false));
}
