import { feedEvents, type FeedItem, type FeedPage } from "@/lib/events";
import { REASON } from "@/lib/protocol";
import { parseTopic } from "@/lib/topics";
import { defineChannel, error, joined, ok, refused, type ChannelContext, type JoinResult, type Reply } from "../channel/channel";
import { authorizeByJoinAccess } from "./join-access";
import type { RateLimit } from "../limits/limiter-store";
import type { AppContext } from "../services/context";
import {
  countLikesOf,
  likeProduct,
  recordShare,
  recordView,
  reportProduct,
  saveProduct,
  unlikeProduct,
  unsaveProduct,
} from "../store/repositories/engagement.repository";
import { findProductById } from "../store/repositories/products.repository";
import { findUserById } from "../store/repositories/users.repository";
import type { Product } from "../store/tables/products.table";
import { feedOrder, loadFeedPage } from "../services/feed/feed-items";
import { authorize, relationsOf, type Access } from "../services/permissions";
import { productTopic, shopTopic } from "../services/feed/internal-topics";

interface FeedState {
  userId: string;
  access: Access;
  username: string;
  /** Products this join has been sent: like_update and new_item are scoped and deduped by it. */
  shown: Set<string>;
  /** The join's first page, pushed as feed_loaded after the reply; null when loading failed. */
  firstPage: FeedPage | null;
  /** This join's ranked order (pages are slices of it); null until it loaded. */
  order: string[] | null;
  /** The join asked for a new ranking (a page load) rather than the kept one (a reconnect). */
  fresh: boolean;
  /** A deep link's product, first in a fresh ranking. */
  lead: string | undefined;
}

type FeedContext = ChannelContext<FeedState>;

/** Per socket, across every feed action: a client looping on like_item cannot hammer the database. */
const FEED_ACTION_LIMIT: RateLimit = { points: 20, seconds: 1 };

const FAILED_TO_LOAD = "failed_to_load";

export function createFeedChannel(app: AppContext) {
  /** Records what this join shows so it hears about likes on those products and new items of those shops. */
  function show(ctx: FeedContext, items: FeedItem[]): void {
    for (const item of items) {
      ctx.state.shown.add(item.product_id);
      ctx.subscribe(productTopic(item.product_id));
      ctx.subscribe(shopTopic(item.shop.id));
    }
  }

  function pushNewItem(ctx: FeedContext, payload: unknown): void {
    const { item } = payload as { item: FeedItem };
    if (ctx.state.shown.has(item.product_id)) return;
    show(ctx, [item]);
    ctx.push("new_item", payload);
  }

  /** A page, or null when the database failed (logged; the caller tells the client). */
  async function loadPage(ctx: FeedContext, skip: number): Promise<FeedPage | null> {
    try {
      ctx.state.order ??= await feedOrder(app.db, ctx.state.userId, { fresh: ctx.state.fresh, lead: ctx.state.lead, writes: app.writes });
      const page = await loadFeedPage(app.db, ctx.state.userId, ctx.state.order, skip);
      show(ctx, page.items);
      return page;
    } catch (err) {
      app.log.error({ err, topic: ctx.topic }, "feed load failed");
      return null;
    }
  }

  /** Drafts are invisible to the feed, so acting on one is the same as acting on nothing. */
  async function findPublished(productId: string): Promise<Product | null> {
    const product = await findProductById(app.db, productId);
    return product?.published_at ? product : null;
  }

  // Every action: rate limit first (a refused action changes nothing), then the product must exist.
  function productAction<P extends { product_id: string }>(
    action: (ctx: FeedContext, product: Product, payload: P) => Promise<Reply | void>,
  ) {
    return async (ctx: FeedContext, payload: P): Promise<Reply | void> => {
      if (!(await ctx.allow("feed_actions", FEED_ACTION_LIMIT))) return error(REASON.rateLimited);
      const product = await findPublished(payload.product_id);
      if (!product) return error(REASON.notFound);
      return action(ctx, product, payload);
    };
  }

  async function announceLikes(ctx: FeedContext, product: Product, likes: number): Promise<void> {
    // The liker's own feed hears it too, even for a product it was never sent.
    ctx.subscribe(productTopic(product.id));
    app.broadcast(productTopic(product.id), "like_update", { product_id: product.id, likes });
  }

  /**
   * A like that changes nothing (liked twice, a retry) still answers the liker's own feed with the
   * current count as like_update: a client that renders counts from like_update alone (the protocol
   * document's RealtimeMarketClient) stays right. Nobody else hears it, since nothing changed.
   */
  function confirmLikes(ctx: FeedContext, product: Product, likes: number): Reply {
    ctx.push("like_update", { product_id: product.id, likes });
    return ok({ product_id: product.id, likes });
  }

  return defineChannel({
    name: "feed",
    patterns: ["feed:user_*"],
    events: feedEvents,
    intercept: ["new_item"],

    async join(ctx, { fresh = false, product }): Promise<JoinResult<FeedState>> {
      const parsed = parseTopic(ctx.topic);
      if (parsed?.kind !== "feed") return refused(REASON.notFound);
      const userId = ctx.user?.userId ?? null;
      const access: Access = { subject: "feed", relations: relationsOf(userId, userId === parsed.userId ? ["self"] : []) };
      const decision = authorize(access.subject, "join", access.relations);
      if (!decision.ok || !userId) return refused(decision.ok ? REASON.unauthorized : decision.reason);
      const user = await findUserById(app.db, userId);
      if (!user) return refused(REASON.forbidden);
      ctx.state = { userId: user.id, access, username: user.username, shown: new Set(), firstPage: null, order: null, fresh, lead: product };
      const firstPage = await loadPage(ctx, 0);
      // A failed load still joins (empty), so feed_error reaches the client and load_more can retry.
      return joined(firstPage ?? { items: [], has_more: false }, { ...ctx.state, firstPage });
    },

    afterJoin(ctx) {
      if (ctx.state.firstPage) ctx.push("feed_loaded", ctx.state.firstPage);
      else ctx.push("feed_error", { reason: FAILED_TO_LOAD });
      ctx.state.firstPage = null;
    },

    authorizeIn: authorizeByJoinAccess,

    handleIn: {
      async load_more(ctx, { skip }) {
        if (!(await ctx.allow("feed_actions", FEED_ACTION_LIMIT))) return error(REASON.rateLimited);
        const page = await loadPage(ctx, skip);
        if (!page) {
          ctx.push("feed_error", { reason: FAILED_TO_LOAD });
          return error(FAILED_TO_LOAD);
        }
        ctx.push("more_feed_items", page);
        return ok(page);
      },

      view_item: productAction(async (ctx, product) => {
        const { counted } = await recordView(app.db, ctx.state.userId, product.id);
        return ok({ counted });
      }),

      like_item: productAction(async (ctx, product) => {
        const { likes, changed } = await app.notifier.commit("like_notify", async (trx, notify) => {
          const liked = await likeProduct(trx, ctx.state.userId, product.id);
          const data = { product_id: product.id, product_name: product.name, user_id: ctx.state.userId, username: ctx.state.username };
          if (liked.changed) await notify({ type: "shop", id: product.shop_id }, "product_like", data);
          return liked;
        });
        if (!changed) return confirmLikes(ctx, product, likes);
        await announceLikes(ctx, product, likes);
        return ok({ product_id: product.id, likes });
      }),

      unlike_item: productAction(async (ctx, product) => {
        const { likes, changed } = await unlikeProduct(app.db, ctx.state.userId, product.id);
        if (!changed) return confirmLikes(ctx, product, likes);
        await announceLikes(ctx, product, likes);
        return ok({ product_id: product.id, likes });
      }),

      save_item: productAction(async (ctx, product) => {
        await saveProduct(app.db, ctx.state.userId, product.id);
      }),

      unsave_item: productAction(async (ctx, product) => {
        await unsaveProduct(app.db, ctx.state.userId, product.id);
      }),

      share_item: productAction(async (ctx, product, { platform }) => {
        await recordShare(app.db, { userId: ctx.state.userId, productId: product.id, platform });
        return ok({ share_url: `${app.config.PUBLIC_URL}/p/${encodeURIComponent(product.id)}` });
      }),

      report_item: productAction(async (ctx, product, { reason }) => {
        await reportProduct(app.db, { userId: ctx.state.userId, productId: product.id, reason });
        // The viewer's marks (findViewerMarks) drop it from later rankings; stop live updates for it too.
        ctx.state.shown.delete(product.id);
        ctx.unsubscribe(productTopic(product.id));
      }),
    },

    handleInfo(ctx, _topic, event, payload) {
      if (event === "like_update") ctx.push(event, payload);
      else if (event === "new_item") pushNewItem(ctx, payload);
    },

    handleOut(ctx, event, payload) {
      if (event === "new_item") pushNewItem(ctx, payload);
    },

    // Likes counted on other nodes meanwhile: the current count of everything shown.
    async resync(ctx) {
      const counts = await countLikesOf(app.db, [...ctx.state.shown]);
      for (const [product_id, likes] of counts) ctx.push("like_update", { product_id, likes });
    },
  });
}
