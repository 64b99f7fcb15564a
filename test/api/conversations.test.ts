import { describe, expect, it } from "vitest";
import { shopConversationId } from "@/lib/chat-rooms";
import { useTestApp } from "../support/app";
import { useSocketPool } from "../support/channel-helpers";
import { join, nextEvent, push } from "../support/phoenix";

const t = useTestApp();
const pool = useSocketPool(t);

describe("messaging a shop", () => {
  it("opens the shopper's private conversation with the shop, the same room every time, in the owner's inbox", async () => {
    const opened = await t.api("user789", "POST", "/api/v1/shops/shop_1/conversation");
    expect(opened).toEqual({ status: 200, body: { room_id: shopConversationId("shop_1", "user789") } });
    expect(await t.api("user789", "POST", "/api/v1/shops/shop_1/conversation")).toEqual(opened);
    const topic = `chat:room_${opened.body.room_id}`;

    const owner = await pool.joinAs("owner1", topic);
    const shopper = await pool.joinAs("user789", topic);
    const heard = nextEvent(owner.channel, "new_message");
    expect((await push(shopper.channel, "message", { content: "Is the blue one in stock?" })).status).toBe("ok");
    expect(await heard).toMatchObject({ content: "Is the blue one in stock?", sender_id: "user789" });

    // The shopper knows the room by the shop's name; the owner's inbox lists it by the shopper's.
    const mine = await t.api("user789", "GET", "/api/v1/chat/rooms");
    expect(mine.body.rooms.find((r: any) => r.id === opened.body.room_id)).toMatchObject({ name: "Hudson Tech", unread: 0 });
    const inbox = await t.api("owner1", "GET", "/api/v1/chat/rooms?shop=shop_1");
    expect(inbox.status).toBe(200);
    expect(inbox.body.rooms[0]).toMatchObject({ id: opened.body.room_id, name: "Priya Nair", unread: 1 });
    // The demo's user123 conversation (12345) is shop_1's too; the open room abc123 is not the shop's.
    expect(inbox.body.rooms.map((r: any) => r.id).sort()).toEqual(["12345", opened.body.room_id].sort());
  });

  it("nobody else joins it, reads the inbox or messages their own shop", async () => {
    const { body } = await t.api("user456", "POST", "/api/v1/shops/shop_1/conversation");
    const stranger = (await pool.connect("user789")).channel(`chat:room_${body.room_id}`);
    expect(await join(stranger)).toEqual({ status: "error", response: { reason: "unauthorized" } });
    expect(await t.api("user456", "GET", "/api/v1/chat/rooms?shop=shop_1")).toEqual({ status: 403, body: { error: "forbidden" } });
    expect(await t.api("owner1", "POST", "/api/v1/shops/shop_1/conversation")).toEqual({ status: 403, body: { error: "forbidden" } });
    expect(await t.api("user456", "POST", "/api/v1/shops/shop_nope/conversation")).toEqual({ status: 404, body: { error: "not_found" } });
    expect(await t.api(null, "POST", "/api/v1/shops/shop_1/conversation")).toMatchObject({ status: 401 });
  });
});
