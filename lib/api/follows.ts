import { z } from "zod";

// Request and response shapes of the follows API (/api/v1/follows, /api/v1/shops/:shopId).

export const followTargetTypeSchema = z.enum(["shop", "user"]);

export const followRequestSchema = z.object({
  target_type: followTargetTypeSchema,
  target_id: z.string().min(1).max(128),
});

export const followStateSchema = z.object({
  following: z.boolean(),
  followers: z.number().int(),
});

export const shopSchema = z.object({
  id: z.string(),
  owner_id: z.string(),
  name: z.string(),
  location: z.string(),
  category: z.string(),
  created_at: z.string(),
});

export const shopDetailsSchema = z.object({
  shop: shopSchema,
  followers: z.number().int(),
  following_by_me: z.boolean(),
  products_count: z.number().int(),
});

export type FollowRequest = z.infer<typeof followRequestSchema>;
export type FollowState = z.infer<typeof followStateSchema>;
export type ShopDetails = z.infer<typeof shopDetailsSchema>;
