// The protocol document's examples (shared/spec/realtime-market-websocket.md), run as written
// against the real product server: its placeholder tokens, topics and payloads unchanged.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Socket, type Channel } from "phoenix";
import WebSocket from "ws";
import { useTestApp } from "../support/app";
import { RawClient } from "../support/raw-client";
import { RealtimeMarketClient } from "../support/realtime-market-client";
import { join, nextEvent, push } from "../support/phoenix";
import { findShopById } from "@/server/store/repositories/shops.repository";

const t = useTestApp();
const sockets: Socket[] = [];
const clients: RealtimeMarketClient[] = [];
afterEach(() => {
  sockets.splice(0).forEach((s) => s.disconnect());
  clients.splice(0).forEach((c) => c.disconnect());
});

async function likeCount(productId: string): Promise<number> {
  const rows = await t.app.store.db.selectFrom("product_likes").select("user_id").where("product_id", "=", productId).execute();
  return rows.length;
}

/** `new Socket("ws://localhost:4000/socket", {params: {token}})` with this test's port. */
function documentSocket(token: string): Socket {
  const socket = new Socket(t.wsUrl, {
    params: { token },
    transport: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  socket.connect();
  sockets.push(socket);
  return socket;
}

describe("Connection Setup", () => {
  it("JavaScript/Web Client: the four channels join with the placeholder token", async () => {
    const socket = documentSocket("your_jwt_token_here");
    const chatChannel = socket.channel("chat:room_12345", {});
    const feedChannel = socket.channel("feed:user_user123", {});
    const deliveryChannel = socket.channel("delivery:delivery_67890", {});
    const notificationsChannel = socket.channel("notifications:user123", {});
    for (const channel of [chatChannel, feedChannel, deliveryChannel, notificationsChannel]) {
      expect((await join(channel)).status).toBe("ok");
    }
  });

  it("wscat: a V1 join of chat:room_12345", async () => {
    const c = await RawClient.connect(`${t.wsUrl}/websocket?token=your_jwt_token`);
    c.send({ topic: "chat:room_12345", event: "phx_join", payload: {}, ref: "1" });
    const reply = await c.next((f) => f.event === "phx_reply");
    expect(reply).toMatchObject({ topic: "chat:room_12345", ref: "1", payload: { status: "ok", response: { messages: expect.any(Array) } } });
    c.close();
  });

  it("cURL: the websocket handshake switches protocols", async () => {
    const response = await new Promise<string>((resolve, reject) => {
      const conn = net.connect(Number(new URL(t.httpUrl).port), "127.0.0.1", () => {
        conn.write(
          "GET /socket/websocket HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        );
      });
      conn.once("data", (data) => {
        resolve(data.toString());
        conn.destroy();
      });
      conn.once("error", reject);
    });
    expect(response).toMatch(/^HTTP\/1.1 101 Switching Protocols/);
  });

  it("Node.js test script: joins chat:room_test123 with token=test_token", async () => {
    const ws = new WebSocket(`${t.wsUrl}/websocket?token=test_token`);
    const received: string[] = [];
    ws.on("message", (data) => received.push(data.toString()));
    await new Promise((resolve) => ws.on("open", resolve));
    ws.send(JSON.stringify({ topic: "chat:room_test123", event: "phx_join", payload: {}, ref: "1" }));
    await expect.poll(() => received.length).toBeGreaterThan(0);
    expect(JSON.parse(received[0])).toMatchObject({ event: "phx_reply", ref: "1", payload: { status: "ok" } });
    ws.close();
  });
});

describe("Channel examples", () => {
  it("Chat: joins abc123 with history, sends, hears new_message and typing", async () => {
    const socket = documentSocket("your_jwt_token_here");
    const chatChannel = socket.channel("chat:room_abc123", {});
    const { response } = await join(chatChannel);
    expect(response.messages.length).toBeGreaterThan(0);
    const heard = nextEvent(chatChannel, "new_message");
    chatChannel.push("message", { content: "Hello everyone!" });
    expect(await heard).toMatchObject({ sender_type: "user", content: "Hello everyone!", created_at: expect.any(String) });
    expect((await push(chatChannel, "typing", { is_typing: true })).status).toBe("ok");
  });

  it("Feed: loads items, records a view, likes, hears like_update, loads more", async () => {
    const socket = documentSocket("your_jwt_token_here");
    const feedChannel = socket.channel("feed:user_user123", {});
    const { response } = await join(feedChannel);
    expect(response.items.length).toBe(10);
    expect((await push(feedChannel, "view_item", { product_id: "prod_123" })).status).toBe("ok");
    const update = nextEvent(feedChannel, "like_update");
    feedChannel.push("like_item", { product_id: "prod_124" });
    expect(await update).toEqual({ product_id: "prod_124", likes: expect.any(Number) });
    const more = nextEvent(feedChannel, "more_feed_items");
    feedChannel.push("load_more", { skip: 10 });
    expect((await more).items.length).toBeGreaterThan(0);
  });

  it("Delivery: the customer tracks abc123, the courier moves it, the public link follows", async () => {
    const socket = documentSocket("your_jwt_token_here");
    const deliveryChannel = socket.channel("delivery:delivery_abc123", { token: "jwt_token_here" });
    const { response } = await join(deliveryChannel);
    expect(response.delivery.customer_address).toEqual(expect.any(String));
    expect(response.latest_location).toMatchObject({ latitude: expect.any(Number), longitude: expect.any(Number) });

    const trackingSocket = new Socket(t.wsUrl, { transport: WebSocket as unknown as typeof globalThis.WebSocket });
    trackingSocket.connect();
    sockets.push(trackingSocket);
    const trackingChannel = trackingSocket.channel("delivery:token_abc123track", {});
    const tracked = await join(trackingChannel);
    expect(tracked.response.eta_seconds).toEqual(expect.any(Number));

    const courier = documentSocket(await t.token("courier1"));
    const courierChannel = courier.channel("delivery:delivery_abc123", { token: await t.token("courier1") });
    await join(courierChannel);
    const moved = nextEvent(trackingChannel, "location_updated");
    courierChannel.push("location_update", { latitude: 40.7128, longitude: -74.006 });
    expect(await moved).toMatchObject({ latitude: 40.7128, longitude: -74.006, recorded_at: expect.any(String) });
  });

  it("Notifications: the badge count on join", async () => {
    const socket = documentSocket("your_jwt_token_here");
    const notificationsChannel = socket.channel("notifications:user_user123", { token: "jwt_token_here" });
    const { response } = await join(notificationsChannel);
    expect(response.unread_count).toEqual(expect.any(Number));
  });
});

describe("Testing Commands in Browser Console", () => {
  it("creates the test room, answers @help, and @createshop creates the shop", async () => {
    const socket = documentSocket("test_token");
    const testChannel = socket.channel("chat:room_test123", {});
    await join(testChannel);
    const answers: { sender_type: string; content: string }[] = [];
    testChannel.on("new_message", (m) => {
      if (m.sender_type === "ai") answers.push(m);
    });
    for (const content of ["@help", "@createshop", "My Test Shop", "New York", "electronics"]) {
      testChannel.push("message", { content });
    }
    await expect.poll(() => answers.length, { timeout: 5000 }).toBe(5);
    const shopId = /(shop_[A-Za-z0-9_-]+)/.exec(answers[4].content)?.[1];
    expect(shopId).toBeDefined();
    expect(await findShopById(t.app.store.db, shopId!)).toMatchObject({ name: "My Test Shop", location: "New York", category: "electronics", owner_id: "user123" });
  });
});

describe("Testing Commands in Browser Console: delivery tracking", () => {
  it("courier1's location_update on delivery_test456 moves it for the customer and is kept", async () => {
    // In the web app localStorage.jwt_token holds the signed-in user's token: here courier1's.
    const jwt = await t.token("courier1");
    const socket = documentSocket(jwt);
    const deliveryChannel = socket.channel("delivery:delivery_test456", { token: jwt });
    expect((await join(deliveryChannel)).status).toBe("ok");
    const customer = documentSocket(await t.token("user123")).channel("delivery:delivery_test456", {});
    await join(customer);

    // One tick of the document's 5-second interval.
    let lat = 40.7128,
      lng = -74.006;
    lat += 0.001;
    lng += 0.001;
    const seen = nextEvent(customer, "location_updated");
    expect((await push(deliveryChannel, "location_update", { latitude: lat, longitude: lng })).status).toBe("ok");
    expect(await seen).toMatchObject({ latitude: lat, longitude: lng, recorded_at: expect.any(String) });
    const rejoined = await join(documentSocket(await t.token("user123")).channel("delivery:delivery_test456", {}));
    expect(rejoined.response.latest_location).toMatchObject({ latitude: 40.7138, longitude: -74.005 });
  });
});

describe("Complete WebSocket Demo: RealtimeMarketClient", () => {
  it("user123's callbacks fire: a chat message, likeProduct(prod_123) twice, delivery123's courier moving", async () => {
    const client = new RealtimeMarketClient(await t.token("user123"), t.wsUrl);
    clients.push(client);
    client.connect();
    const joined = (channel: Channel) => expect.poll(() => channel.state).toBe("joined");

    const messages: { content: string }[] = [];
    await joined(client.joinChat("room123", (message) => messages.push(message)));
    client.sendMessage("room123", "Hello from the demo client");
    await expect.poll(() => messages.map((m) => m.content)).toContain("Hello from the demo client");

    // The demo's user123 has liked prod_123 already: the like changes nothing, yet the liker's
    // own feed gets the current count back, on every call.
    const likeUpdates: { product_id: string; likes: number }[] = [];
    await joined(client.joinFeed(() => {}, (update) => likeUpdates.push(update)));
    const likes = await likeCount("prod_123");
    client.likeProduct("prod_123");
    await expect.poll(() => likeUpdates).toEqual([{ product_id: "prod_123", likes }]);
    client.likeProduct("prod_123");
    await expect.poll(() => likeUpdates).toHaveLength(2);
    expect(likeUpdates[1]).toEqual({ product_id: "prod_123", likes });
    expect(await likeCount("prod_123")).toBe(likes);

    const locations: { latitude: number; longitude: number }[] = [];
    await joined(client.trackDelivery("delivery123", (location) => locations.push(location), () => {}));
    const courier = new RealtimeMarketClient(await t.token("courier1"), t.wsUrl);
    clients.push(courier);
    courier.connect();
    await joined(courier.trackDelivery("delivery123", () => {}, () => {}));
    courier.updateDeliveryLocation("delivery123", 40.708, -74.01);
    await expect.poll(() => locations).toEqual([expect.objectContaining({ latitude: 40.708, longitude: -74.01 })]);
  });

  it("a like that changes the count fires onLikeUpdate with the new count", async () => {
    const client = new RealtimeMarketClient(await t.token("user789"), t.wsUrl);
    clients.push(client);
    client.connect();
    const likeUpdates: { product_id: string; likes: number }[] = [];
    const feed = client.joinFeed(() => {}, (update) => likeUpdates.push(update));
    await expect.poll(() => feed.state).toBe("joined");
    const db = t.app.store.db;
    const { id: productId } = await db
      .selectFrom("products")
      .select("id")
      .where("published_at", "is not", null)
      .where("id", "not in", db.selectFrom("product_likes").select("product_id").where("user_id", "=", "user789"))
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const before = await likeCount(productId);
    client.likeProduct(productId);
    await expect.poll(() => likeUpdates).toEqual([{ product_id: productId, likes: before + 1 }]);
    expect(await likeCount(productId)).toBe(before + 1);
  });
});

describe("Custom Monitoring Endpoint", () => {
  it("lists chat and delivery topics to an admin", async () => {
    const socket = documentSocket("your_jwt_token_here");
    await join(socket.channel("chat:room_12345", {}));
    await join(socket.channel("delivery:delivery_67890", {}));
    const authorization = `Bearer ${await t.token("admin")}`;
    const report = async () => (await fetch(`${t.httpUrl}/monitor/connections`, { headers: { authorization } })).json();
    // The previous tests' sockets close asynchronously; wait until only this one is left.
    await expect.poll(async () => (await report()).active_connections).toBe(1);
    expect(await report()).toMatchObject({
      active_connections: 1,
      chat_channels: 1,
      delivery_channels: 1,
      chat_topics: ["chat:room_12345"],
      delivery_topics: ["delivery:delivery_67890"],
    });
  });
});
