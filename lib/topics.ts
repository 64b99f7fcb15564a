// Topic names: built and parsed only here.
// The suffix after the prefix is the entity id: `delivery:delivery_67890` is delivery `67890`.

export const topics = {
  chat: (roomId: string) => `chat:room_${roomId}`,
  feed: (userId: string) => `feed:user_${userId}`,
  delivery: (deliveryId: string) => `delivery:delivery_${deliveryId}`,
  tracking: (trackingToken: string) => `delivery:token_${trackingToken}`,
  userNotifications: (userId: string) => `notifications:user_${userId}`,
  shopNotifications: (shopId: string) => `notifications:shop_${shopId}`,
} as const;

export type ParsedTopic =
  | { kind: "chat"; roomId: string }
  | { kind: "feed"; userId: string }
  | { kind: "delivery"; deliveryId: string }
  | { kind: "tracking"; trackingToken: string }
  | { kind: "notifications"; recipientType: "user" | "shop"; recipientId: string };

/** The kind of a topic, for metrics and monitoring ("chat", "delivery", ...). */
export function topicKind(topic: string): string {
  const colon = topic.indexOf(":");
  return colon === -1 ? topic : topic.slice(0, colon);
}

const ID = /^[A-Za-z0-9_\-.]{1,128}$/;

function suffix(topic: string, prefix: string): string | null {
  if (!topic.startsWith(prefix)) return null;
  const id = topic.slice(prefix.length);
  return ID.test(id) ? id : null;
}

export function parseTopic(topic: string): ParsedTopic | null {
  let id: string | null;
  if ((id = suffix(topic, "chat:room_"))) return { kind: "chat", roomId: id };
  if ((id = suffix(topic, "feed:user_"))) return { kind: "feed", userId: id };
  if ((id = suffix(topic, "delivery:delivery_"))) return { kind: "delivery", deliveryId: id };
  if ((id = suffix(topic, "delivery:token_"))) return { kind: "tracking", trackingToken: id };
  if ((id = suffix(topic, "notifications:user_"))) {
    return { kind: "notifications", recipientType: "user", recipientId: id };
  }
  if ((id = suffix(topic, "notifications:shop_"))) {
    return { kind: "notifications", recipientType: "shop", recipientId: id };
  }
  // The protocol document's first example joins `notifications:user123`: a bare id means the user.
  if ((id = suffix(topic, "notifications:"))) {
    return { kind: "notifications", recipientType: "user", recipientId: id };
  }
  return null;
}
