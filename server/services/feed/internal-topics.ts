// Server-only pubsub topics. No client can join them (no channel pattern matches);
// feed joins subscribe to them so one broadcast reaches every feed showing a product or shop.

/** `like_update` for every feed that has been sent this product. */
export const productTopic = (productId: string) => `product:${productId}`;

/** `new_item` for every feed showing this shop's products. */
export const shopTopic = (shopId: string) => `shop:${shopId}`;
