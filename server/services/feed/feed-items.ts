import type { Kysely } from "kysely";
import { FEED_PAGE_SIZE, type FeedItem, type FeedPage } from "@/lib/events";
import type { Database } from "@/server/store/database";
import type { GroupCommit } from "@/server/store/group-commit";
import type { Product } from "@/server/store/tables/products.table";
import { findFeedSnapshot, saveFeedSnapshot } from "@/server/store/repositories/feed-snapshots.repository";
import { findViewerMarks, listFeedProducts, listRankedProducts, type FeedProduct } from "@/server/store/repositories/products.repository";
import { rankForViewer, rankShared, type SharedRanking } from "./discovery";

/** A reconnect within this long pages on through the same order; a fresh join (a page load) ranks anew. */
export const FEED_SNAPSHOT_TTL_MS = 30 * 60 * 1000;

export function toFeedItem(product: FeedProduct): FeedItem {
  return {
    product_id: product.id,
    name: product.name,
    description: product.description,
    price: product.price_cents / 100,
    currency: product.currency,
    video_url: product.video_url,
    poster_url: product.poster_url,
    shop: product.shop,
    likes: product.likes,
    liked_by_me: product.liked_by_me,
    saved_by_me: product.saved_by_me,
    shares: product.shares,
    views: product.views,
    published_at: product.published_at,
  };
}

/** A product just published: nobody can have engaged with it while it was a draft. */
export function freshFeedItem(product: Product, shop: { id: string; name: string }): FeedItem {
  return toFeedItem({ ...product, shop, likes: 0, shares: 0, views: 0, liked_by_me: false, saved_by_me: false });
}

/**
 * The candidates' shared inputs (newest products, their recent activity) are read and ranked once
 * a second at most, and that ranking is reused by every join meanwhile: a join storm ranks from one
 * read, each join adding only its viewer's own marks. Engagement reaches the ranking within this long.
 */
export const SHARED_RANKING_TTL_MS = 1000;

const sharedRankings = new WeakMap<Kysely<Database>, { at: number; ranking: Promise<SharedRanking> }>();

function sharedRanking(db: Kysely<Database>, now: Date): Promise<SharedRanking> {
  const kept = sharedRankings.get(db);
  if (kept && Math.abs(now.getTime() - kept.at) < SHARED_RANKING_TTL_MS) return kept.ranking;
  const ranking = listRankedProducts(db, now).then((products) => rankShared(products, now));
  sharedRankings.set(db, { at: now.getTime(), ranking });
  // A failed read is not kept: the next join reads again.
  ranking.catch(() => sharedRankings.get(db)?.ranking === ranking && sharedRankings.delete(db));
  return ranking;
}

/**
 * The user's feed order for this join: ranked for discovery once, then kept (in the database, so a
 * reconnect to any node finds it) so that `load_more` pages through it without duplicates or gaps
 * and a rejoin keeps the shopper's place. `fresh` (the first join of a page) always ranks anew;
 * `lead` (a deep link to one product) puts that product first when the shopper may see it.
 * With `writes`, the snapshot is kept through the group commit: a join storm's snapshots share
 * transactions instead of committing one by one.
 */
export async function feedOrder(
  db: Kysely<Database>,
  userId: string,
  { fresh, lead, now = new Date(), writes }: { fresh: boolean; lead?: string; now?: Date; writes?: GroupCommit },
): Promise<string[]> {
  if (!fresh) {
    const kept = await findFeedSnapshot(db, userId);
    if (kept && now.getTime() - kept.createdAt.getTime() < FEED_SNAPSHOT_TTL_MS) return kept.productIds;
  }
  const [shared, marks] = await Promise.all([sharedRanking(db, now), findViewerMarks(db, userId, now)]);
  let productIds = rankForViewer(shared, marks);
  if (lead && (productIds.includes(lead) || (await listFeedProducts(db, userId, [lead])).length > 0)) {
    productIds = [lead, ...productIds.filter((id) => id !== lead)];
  }
  const keep = (trx: Kysely<Database>) => saveFeedSnapshot(trx, userId, { productIds, createdAt: now });
  await (writes ? writes.run(`feed:${userId}`, keep) : keep(db));
  return productIds;
}

/**
 * One page of the order, with counts as they are now. A product reported or unpublished since the
 * order was made is left out of its page.
 */
export async function loadFeedPage(db: Kysely<Database>, userId: string, order: readonly string[], skip: number): Promise<FeedPage> {
  const ids = order.slice(skip, skip + FEED_PAGE_SIZE);
  const byId = new Map((await listFeedProducts(db, userId, ids)).map((p) => [p.id, p]));
  const items = ids.flatMap((id) => {
    const product = byId.get(id);
    return product ? [toFeedItem(product)] : [];
  });
  return { items, has_more: skip + FEED_PAGE_SIZE < order.length };
}
