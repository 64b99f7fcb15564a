import { topics } from "@/lib/topics";
import type { AppContext } from "@/server/services/context";
import type { Product } from "@/server/store/tables/products.table";
import type { Shop } from "@/server/store/tables/shops.table";
import { listFollowerIds } from "@/server/store/repositories/follows.repository";
import { freshFeedItem } from "./feed-items";
import { shopTopic } from "./internal-topics";

/**
 * A newly published product goes to the feeds of the shop's followers and of every feed showing
 * the shop's items. A join reached both ways pushes it once (the feed channel dedupes by product).
 */
export async function announceNewProduct(app: AppContext, product: Product, shop: Shop): Promise<void> {
  const payload = { item: freshFeedItem(product, { id: shop.id, name: shop.name }) };
  for (const followerId of await listFollowerIds(app.db, "shop", shop.id)) {
    app.broadcast(topics.feed(followerId), "new_item", payload);
  }
  app.broadcast(shopTopic(shop.id), "new_item", payload);
}
