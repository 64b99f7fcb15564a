import { z } from "zod";

// POST /api/v1/shops/:shopId/conversation: the shopper's private conversation with the shop.

export const shopConversationSchema = z.object({ room_id: z.string() });
export type ShopConversation = z.infer<typeof shopConversationSchema>;
