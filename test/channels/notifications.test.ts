import { afterEach, describe, expect, it } from "vitest";
import type { Channel } from "phoenix";
import { createNotification } from "@/server/store/repositories/notifications.repository";
import { useTestApp } from "../support/app";
import { SocketPool, collectEvents } from "../support/channel-helpers";
import { join, nextEvent, push } from "../support/phoenix";

const t = useTestApp();
const pool = new SocketPool(() => t);

afterEach(() => pool.disconnectAll());

const connect = (userId: string | null) => pool.connect(userId);

const NOTIFICATION_KEYS = ["created_at", "data", "id", "read_at", "type"];

/** Someone follows `user123`: the API stores it and the Notifier tells user123's topic. */
async function followUser123(followerId: string) {
  const res = await t.api(followerId, "POST", "/api/v1/follows", { target_type: "user", target_id: "user123" });
  expect(res.status).toBe(201);
}


describe("notifications: who may join", () => {
  it("lets a user join their own topic and refuses anonymous sockets and other users", async () => {
    expect((await join((await connect("user123")).channel("notifications:user_user123", {}))).status).toBe("ok");
    expect(await join((await connect(null)).channel("notifications:user_user123", {}))).toEqual({ status: "error", response: { reason: "unauthorized" } });
    expect(await join((await connect("user456")).channel("notifications:user_user123", {}))).toEqual({ status: "error", response: { reason: "forbidden" } });
    expect(await join((await connect("user456")).channel("notifications:user123", {}))).toEqual({ status: "error", response: { reason: "forbidden" } });
  });

  it("lets a shop's owner join the shop's topic and nobody else", async () => {
    expect((await join((await connect("owner1")).channel("notifications:shop_shop_1", {}))).status).toBe("ok");
    expect(await join((await connect("owner2")).channel("notifications:shop_shop_1", {}))).toEqual({ status: "error", response: { reason: "forbidden" } });
    expect(await join((await connect("user123")).channel("notifications:shop_shop_1", {}))).toEqual({ status: "error", response: { reason: "forbidden" } });
    expect(await join((await connect(null)).channel("notifications:shop_shop_1", {}))).toEqual({ status: "error", response: { reason: "unauthorized" } });
    expect(await join((await connect("owner1")).channel("notifications:shop_nope", {}))).toEqual({ status: "error", response: { reason: "forbidden" } });
  });
});

describe("notifications: the document's flows", () => {
  it("joins notifications:user_user123 with the token in the channel params and gets unread_count", async () => {
    const socket = await connect(null);
    const notificationsChannel = socket.channel("notifications:user_user123", { token: "jwt_token_here" });
    const count = nextEvent(notificationsChannel, "notification_count");
    const { status, response } = await join(notificationsChannel);
    expect(status).toBe("ok");
    expect(Object.keys(response).sort()).toEqual(["notifications", "unread_count"]);
    expect(response.unread_count).toBe(3);
    expect(response.notifications.map((n: { id: string }) => n.id)).toEqual(["ntf_demo_4", "ntf_demo_3", "ntf_demo_2", "ntf_demo_1", "ntf_demo_5"]);
    expect(Object.keys(response.notifications[0]).sort()).toEqual(NOTIFICATION_KEYS);
    expect(await count).toEqual({ unread: 3, total: 5 });
  });

  it("serves the bare notifications:user123 topic with live notifications", async () => {
    const socket = await connect("user123");
    const notificationsChannel = socket.channel("notifications:user123", {});
    expect((await join(notificationsChannel)).status).toBe("ok");
    const notification = nextEvent(notificationsChannel, "new_notification");
    const count = nextEvent(notificationsChannel, "notification_count");
    await followUser123("user789");
    const received = await notification;
    expect(Object.keys(received).sort()).toEqual(NOTIFICATION_KEYS);
    expect(received).toMatchObject({ type: "follow", data: { follower_id: "user789", follower_name: "Priya Nair", target_type: "user", target_id: "user123" } });
    expect(await count).toMatchObject({ unread: expect.any(Number), total: expect.any(Number) });
  });

  it("lists at most the latest 20 on join", async () => {
    for (let i = 0; i < 25; i++) {
      const data = { delivery_id: `d${i}`, status: "assigned" };
      await createNotification(t.app.context.db, { recipient: { type: "user", id: "courier2" }, type: "delivery_update", data });
    }
    const { response } = await join((await connect("courier2")).channel("notifications:user_courier2", {}));
    expect(response.unread_count).toBe(25);
    expect(response.notifications).toHaveLength(20);
    expect(response.notifications[0].data.delivery_id).toBe("d24");
  });
});

/** Joined, and past the count every join pushes after its reply (so the next count is a change's). */
async function joinedWithCount(channel: Channel): Promise<void> {
  const initial = nextEvent(channel, "notification_count");
  expect((await join(channel)).status).toBe("ok");
  await initial;
}

describe("notifications: reading", () => {
  it("mark_read pushes notification_read and the new count to every tab, and again changes nothing", async () => {
    const tab1 = (await connect("owner1")).channel("notifications:shop_shop_1", {});
    const tab2 = (await connect("owner1")).channel("notifications:shop_shop_1", {});
    await join(tab1);
    await joinedWithCount(tab2);
    const read = nextEvent(tab2, "notification_read");
    const count = nextEvent(tab2, "notification_count");
    expect(await push(tab1, "mark_read", { notification_id: "ntf_demo_6" })).toEqual({ status: "ok", response: { notification_id: "ntf_demo_6" } });
    expect(await read).toEqual({ notification_id: "ntf_demo_6" });
    expect(await count).toEqual({ unread: 0, total: 2 });

    const nothing = collectEvents(tab2, "notification_count");
    expect((await push(tab1, "mark_read", { notification_id: "ntf_demo_6" })).status).toBe("ok");
    expect(await nothing).toEqual([]);
  });

  it("answers not_found for someone else's or an unknown notification and changes nothing", async () => {
    const channel = (await connect("owner1")).channel("notifications:user_owner1", {});
    await joinedWithCount(channel);
    const changes = collectEvents(channel, "notification_count");
    expect(await push(channel, "mark_read", { notification_id: "ntf_demo_3" })).toEqual({ status: "error", response: { reason: "not_found" } });
    expect(await push(channel, "mark_read", { notification_id: "ntf_missing" })).toEqual({ status: "error", response: { reason: "not_found" } });
    expect((await push(channel, "mark_read", {})).response.reason).toBe("invalid_payload");
    expect(await changes).toEqual([]);
    const ntf3 = await t.app.context.db.selectFrom("notifications").select("read_at").where("id", "=", "ntf_demo_3").executeTakeFirstOrThrow();
    expect(ntf3.read_at).toBeNull();
  });

  it("mark_all_read clears the unread count on the bare topic too", async () => {
    const socket = await connect("user123");
    const canonical = socket.channel("notifications:user_user123", {});
    await join(canonical);
    const bare = (await connect("user123")).channel("notifications:user123", {});
    await joinedWithCount(bare);
    const count = nextEvent(bare, "notification_count");
    const reply = await push(canonical, "mark_all_read", {});
    expect(reply.status).toBe("ok");
    expect(reply.response.updated).toBeGreaterThan(0);
    expect(await count).toMatchObject({ unread: 0 });
  });
});
