import { z } from "zod";
import { idSchema, joinTokenSchema, type ChannelEvents } from "./common";

export const FEED_PAGE_SIZE = 10;

export const productRefSchema = z.object({ product_id: idSchema });

export const sharePlatformSchema = z.enum(["whatsapp", "facebook", "twitter", "copy_link", "native", "email"]);

export const shareItemSchema = productRefSchema.extend({ platform: sharePlatformSchema });

export const reportReasonSchema = z.enum(["spam", "inappropriate", "misleading", "counterfeit", "other"]);

export const reportItemSchema = productRefSchema.extend({ reason: reportReasonSchema });

export const loadMoreSchema = z.object({ skip: z.number().int().min(0).max(10_000) });

/** What every view of a product shows: the feed's items and the shop's product list. */
export const productShowcaseSchema = z.object({
  name: z.string(),
  description: z.string(),
  price: z.number(),
  currency: z.string(),
  video_url: z.string(),
  poster_url: z.string(),
});

export const feedItemSchema = productShowcaseSchema.extend({
  product_id: z.string(),
  shop: z.object({ id: z.string(), name: z.string() }),
  likes: z.number().int(),
  liked_by_me: z.boolean(),
  saved_by_me: z.boolean(),
  shares: z.number().int(),
  views: z.number().int(),
  published_at: z.string().nullable(),
});

export const feedPageSchema = z.object({ items: z.array(feedItemSchema), has_more: z.boolean() });

export const likeUpdateSchema = z.object({ product_id: z.string(), likes: z.number().int() });

export const shareReplySchema = z.object({ share_url: z.string() });

export const feedErrorSchema = z.object({ reason: z.literal("failed_to_load") });

/**
 * `fresh`: rank the feed anew (a page load); without it a rejoin pages on through the kept order.
 * `product`: a deep link's product, first in a fresh ranking.
 */
export const feedJoinSchema = joinTokenSchema.extend({ fresh: z.boolean().optional(), product: idSchema.optional() });

export const feedEvents = {
  join: feedJoinSchema,
  in: {
    view_item: productRefSchema,
    like_item: productRefSchema,
    unlike_item: productRefSchema,
    save_item: productRefSchema,
    unsave_item: productRefSchema,
    share_item: shareItemSchema,
    load_more: loadMoreSchema,
    report_item: reportItemSchema,
  },
  out: {
    feed_loaded: feedPageSchema,
    more_feed_items: feedPageSchema,
    new_item: z.object({ item: feedItemSchema }),
    like_update: likeUpdateSchema,
    feed_error: feedErrorSchema,
  },
} satisfies ChannelEvents;

export type FeedItem = z.infer<typeof feedItemSchema>;
export type FeedPage = z.infer<typeof feedPageSchema>;
export type LikeUpdate = z.infer<typeof likeUpdateSchema>;
export type SharePlatform = z.infer<typeof sharePlatformSchema>;
export type ReportReason = z.infer<typeof reportReasonSchema>;
