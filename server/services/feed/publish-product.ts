import { topics } from "@/lib/topics";
import type { AppContext } from "@/server/services/context";
import type { Product } from "@/server/store/tables/products.table";
import type { Shop } from "@/server/store/tables/shops.table";
import { listFollowerIds } from "@/server/store/repositories/follows.repository";
import { publishProduct as markPublished } from "@/server/store/repositories/products.repository";
import { freshFeedItem } from "./feed-items";
import { shopTopic } from "./internal-topics";

/**
 * Publishes a product of `shop`. The first publish reaches the feeds of the shop's followers and
 * every feed showing the shop's items; a join reached both ways pushes it once (the feed channel
 * dedupes by product). Null when the product is gone.
 */
export async function publishProduct(app: AppContext, product: Product, shop: Shop): Promise<Product | null> {
  const published = await markPublished(app.db, product.id);
  if (!published || product.published_at) return published;
  const payload = { item: freshFeedItem(published, { id: shop.id, name: shop.name }) };
  for (const followerId of await listFollowerIds(app.db, "shop", shop.id)) {
    app.broadcast(topics.feed(followerId), "new_item", payload);
  }
  app.broadcast(shopTopic(shop.id), "new_item", payload);
  return published;
}
