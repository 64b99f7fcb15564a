import type { Kysely } from "kysely";
import { FEED_PAGE_SIZE, type FeedItem, type FeedPage } from "@/lib/events";
import type { Database } from "@/server/store/database";
import type { Product } from "@/server/store/tables/products.table";
import { listFeedCandidates, type FeedProduct } from "@/server/store/repositories/products.repository";

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

/** One ranked page of the user's feed; one extra row tells whether another page exists. */
export async function loadFeedPage(db: Kysely<Database>, userId: string, skip: number): Promise<FeedPage> {
  const rows = await listFeedCandidates(db, userId, { limit: FEED_PAGE_SIZE + 1, offset: skip });
  return { items: rows.slice(0, FEED_PAGE_SIZE).map(toFeedItem), has_more: rows.length > FEED_PAGE_SIZE };
}
