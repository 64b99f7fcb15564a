import { afterEach, describe, expect, it } from "vitest";
import { useTestApp } from "../support/app";
import { SocketPool, collectEvents } from "../support/channel-helpers";
import { nextEvent } from "../support/phoenix";

const t = useTestApp();
const pool = new SocketPool(() => t);

afterEach(() => pool.disconnectAll());

const notificationsOf = async (userId: string, topic: string) => (await pool.joinAs(userId, topic)).channel;


describe("POST /api/v1/follows", () => {
  it("follows a shop once, notifying the shop only the first time", async () => {
    const shopChannel = await notificationsOf("owner1", "notifications:shop_shop_1");
    const notified = nextEvent(shopChannel, "new_notification");
    const first = await t.api("user789", "POST", "/api/v1/follows", { target_type: "shop", target_id: "shop_1" });
    expect(first).toEqual({ status: 201, body: { following: true, followers: 3 } });
    const notification = await notified;
    expect(notification.type).toBe("follow");
    expect(notification.data).toEqual({ follower_id: "user789", follower_name: "Priya Nair", target_type: "shop", target_id: "shop_1" });

    const again = collectEvents(shopChannel, "new_notification");
    expect(await t.api("user789", "POST", "/api/v1/follows", { target_type: "shop", target_id: "shop_1" })).toEqual({
      status: 201,
      body: { following: true, followers: 3 },
    });
    expect(await again).toEqual([]);
  });

  it("follows a user and notifies them", async () => {
    const userChannel = await notificationsOf("user456", "notifications:user_user456");
    const notified = nextEvent(userChannel, "new_notification");
    expect((await t.api("user123", "POST", "/api/v1/follows", { target_type: "user", target_id: "user456" })).status).toBe(201);
    expect((await notified).data).toMatchObject({ follower_id: "user123", follower_name: "Maya Chen", target_type: "user" });
  });

  it("refuses anonymous, malformed, unknown and self follows", async () => {
    expect(await t.api(null, "POST", "/api/v1/follows", { target_type: "shop", target_id: "shop_1" })).toEqual({ status: 401, body: { error: "unauthorized" } });
    const bad = await t.api("user123", "POST", "/api/v1/follows", { target_type: "product", target_id: "prod_123" });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toBe("invalid_payload");
    expect(await t.api("user123", "POST", "/api/v1/follows", { target_type: "shop", target_id: "shop_nope" })).toEqual({ status: 404, body: { error: "not_found" } });
    expect(await t.api("user123", "POST", "/api/v1/follows", { target_type: "user", target_id: "user123" })).toEqual({ status: 422, body: { error: "cannot_follow_self" } });
  });
});

describe("DELETE /api/v1/follows and GET /api/v1/shops/:shopId", () => {
  it("reports following_by_me, followers and published products, with or without a token", async () => {
    const asMaya = await t.api("user123", "GET", "/api/v1/shops/shop_1");
    expect(asMaya.status).toBe(200);
    expect(asMaya.body).toMatchObject({ shop: { id: "shop_1", name: "Hudson Tech", owner_id: "owner1" }, following_by_me: true, products_count: 5 });
    const followers = asMaya.body.followers;

    expect(await t.api("user123", "DELETE", "/api/v1/follows", { target_type: "shop", target_id: "shop_1" })).toEqual({
      status: 200,
      body: { following: false, followers: followers - 1 },
    });
    expect((await t.api("user123", "GET", "/api/v1/shops/shop_1")).body).toMatchObject({ following_by_me: false, followers: followers - 1 });
    expect((await t.api(null, "GET", "/api/v1/shops/shop_1")).body).toMatchObject({ following_by_me: false, products_count: 5 });
    expect((await t.api(null, "GET", "/api/v1/shops/shop_nope")).status).toBe(404);
    expect((await t.api(null, "DELETE", "/api/v1/follows", { target_type: "shop", target_id: "shop_1" })).status).toBe(401);
  });
});
