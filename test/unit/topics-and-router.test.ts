import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseTopic, topics } from "@/lib/topics";
import { ChannelRouter } from "@/server/socket/router";
import { defineChannel, joined } from "@/server/channel/channel";

describe("topics", () => {
  it("parses every channel's topics, the entity id being the suffix", () => {
    expect(parseTopic("chat:room_12345")).toEqual({ kind: "chat", roomId: "12345" });
    expect(parseTopic("feed:user_user123")).toEqual({ kind: "feed", userId: "user123" });
    expect(parseTopic("delivery:delivery_67890")).toEqual({ kind: "delivery", deliveryId: "67890" });
    expect(parseTopic("delivery:token_abc123track")).toEqual({ kind: "tracking", trackingToken: "abc123track" });
    expect(parseTopic("notifications:shop_shop_1")).toEqual({ kind: "notifications", recipientType: "shop", recipientId: "shop_1" });
    expect(parseTopic("notifications:user_user123")).toEqual({ kind: "notifications", recipientType: "user", recipientId: "user123" });
    // The document's first example: a bare id means the user.
    expect(parseTopic("notifications:user123")).toEqual({ kind: "notifications", recipientType: "user", recipientId: "user123" });
  });

  it("refuses empty and odd ids", () => {
    for (const t of ["chat:room_", "chat:room_a b", "feed:user_../x", "nope:1", `chat:room_${"x".repeat(200)}`]) {
      expect(parseTopic(t)).toBeNull();
    }
  });

  it("builds what it parses", () => {
    expect(parseTopic(topics.tracking("abc123track"))).toEqual({ kind: "tracking", trackingToken: "abc123track" });
  });
});

describe("channel router", () => {
  const make = (name: string, patterns: string[]) =>
    defineChannel({ name, patterns, events: { join: z.object({}), in: {}, out: {} }, join: () => joined({}, null), handleIn: {} });

  it("matches by prefix, longest first, and never an empty suffix", () => {
    const router = new ChannelRouter().register(make("delivery", ["delivery:*"])).register(make("tracking", ["delivery:token_*"]));
    expect(router.match("delivery:token_x")?.name).toBe("tracking");
    expect(router.match("delivery:delivery_1")?.name).toBe("delivery");
    expect(router.match("delivery:")).toBeNull();
    expect(router.match("chat:room_1")).toBeNull();
  });
});
