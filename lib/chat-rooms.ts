// Chat room ids that mean something: built and recognised only here (docs/chat-rooms.md).

const ASSISTANT_PREFIX = "assistant_";
const SHOP_CONVERSATION_PREFIX = "shop.";

/** The user's own assistant room: private, created on its owner's first join. */
export const assistantRoomId = (userId: string) => `${ASSISTANT_PREFIX}${userId}`;

/** A shopper's private conversation with a shop (the shopper and the shop's owner are its members). */
export const shopConversationId = (shopId: string, customerId: string) => `${SHOP_CONVERSATION_PREFIX}${shopId}.${customerId}`;

/** Ids that a first join never creates as open rooms: only the server creates them, as private rooms. */
export function isReservedRoomId(roomId: string): boolean {
  return roomId.startsWith(ASSISTANT_PREFIX) || roomId.startsWith(SHOP_CONVERSATION_PREFIX);
}
