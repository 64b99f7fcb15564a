import { afterAll, describe, expect, it } from "vitest";
import { createProduct } from "@/server/store/repositories/products.repository";
import { useTestApp } from "../support/app";
import { RawClient } from "../support/raw-client";

// like_update and new_item reach every feed showing a product, each on the feed's own topic:
// their payload is encoded once for all of them and each feed's topic and join_ref put around it.
const t = useTestApp();
const clients: RawClient[] = [];
afterAll(() => {
  for (const c of clients) c.close();
});

type Vsn = "1.0.0" | "2.0.0";
/** The frames' texts as they came, besides RawClient's parsed ones: a spliced frame must be whole JSON. */
const texts = new Map<RawClient, string[]>();

/** Opens `user`'s feed on a raw socket of `vsn` (join_ref `joinRef`) and pages on until `productId` is shown. */
async function rawFeed(user: string, vsn: Vsn, joinRef: string, productId: string): Promise<RawClient> {
  const c = await RawClient.connect(`${t.wsUrl}/websocket?vsn=${vsn}&token=${await t.token(user)}`);
  clients.push(c);
  const seen: string[] = [];
  texts.set(c, seen);
  c.ws.on("message", (data: Buffer) => void seen.push(data.toString()));
  const topic = `feed:user_${user}`;
  let ref = Number(joinRef);
  const send = (event: string, payload: object) => {
    const r = String(ref++);
    c.send(vsn === "2.0.0" ? [joinRef, r, topic, event, payload] : { topic, event, payload, ref: r });
    return c.next((f) => (Array.isArray(f) ? f[1] === r : f.ref === r));
  };
  const replyOf = (frame: any) => (Array.isArray(frame) ? frame[4] : frame.payload);
  let page = replyOf(await send("phx_join", {})).response;
  for (let skip = 10; !page.items.some((i: any) => i.product_id === productId); skip += 10) {
    expect(page.has_more).toBe(true);
    page = replyOf(await send("load_more", { skip })).response;
  }
  return c;
}

/** The push `event` as `vsn` frames it for the feed of `user` joined with `joinRef`. */
function expectedPush(vsn: Vsn, user: string, joinRef: string, event: string, payload: unknown) {
  const topic = `feed:user_${user}`;
  return vsn === "2.0.0" ? [joinRef, null, topic, event, payload] : { event, payload, ref: null, topic };
}
const isEvent = (event: string) => (f: any) => (Array.isArray(f) ? f[3] : f.event) === event;

describe("pushes every feed passes on", () => {
  const feeds: Array<[user: string, vsn: Vsn, joinRef: string]> = [
    ["user456", "2.0.0", "7"],
    ["user789", "1.0.0", "3"],
    ["user123", "2.0.0", "42"],
    ["courier2", "1.0.0", "5"],
  ];

  it("like_update reaches V1 and V2 feeds, each on its own topic and join_ref, the same payload", async () => {
    const liker = await rawFeed("admin", "2.0.0", "1", "prod_123");
    const watchers = await Promise.all(feeds.map(([user, vsn, joinRef]) => rawFeed(user, vsn, joinRef, "prod_123")));
    liker.send(["1", "99", "feed:user_admin", "like_item", { product_id: "prod_123" }]);
    const reply = await liker.next((f) => f[1] === "99");
    expect(reply[4].status).toBe("ok");
    const update = { product_id: "prod_123", likes: reply[4].response.likes };
    expect(await liker.next(isEvent("like_update"))).toEqual(expectedPush("2.0.0", "admin", "1", "like_update", update));
    for (const [i, [user, vsn, joinRef]] of feeds.entries()) {
      expect(await watchers[i].next(isEvent("like_update"))).toEqual(expectedPush(vsn, user, joinRef, "like_update", update));
      // Byte for byte what the serializer writes for a push of its own (V1: key order event, payload, ref, topic).
      expect(texts.get(watchers[i])!.filter((s) => s.includes('"like_update"'))).toEqual([JSON.stringify(expectedPush(vsn, user, joinRef, "like_update", update))]);
    }
  });

  it("new_item with quotes, escapes and non-ASCII names reaches V1 and V2 feeds showing the shop, whole", async () => {
    // Each feed shows one of shop_1's products, so it hears the shop's new items.
    const watchers = await Promise.all(feeds.map(([user, vsn, joinRef]) => rawFeed(user, vsn, joinRef, "prod_123")));
    const name = 'Café "Ünïcode" \\ ☕ 𝄞 \u2028 </script>';
    const draft = await createProduct(t.app.context.db, {
      shopId: "shop_1",
      name,
      description: "Zeilen\numbruch\tund Tab, 日本語",
      priceCents: 1999,
      videoUrl: "/media/clips/clip-1.mp4",
      posterUrl: "/media/clips/clip-1.jpg",
    });
    expect((await t.api("owner1", "POST", `/api/v1/products/${draft.id}/publish`)).status).toBe(200);
    const items = await Promise.all(watchers.map((c) => c.next(isEvent("new_item"))));
    const payloadOf = (f: any) => (Array.isArray(f) ? f[4] : f.payload);
    expect(payloadOf(items[0]).item).toMatchObject({ product_id: draft.id, name, price: 19.99, shop: { id: "shop_1" } });
    for (const [i, [user, vsn, joinRef]] of feeds.entries()) {
      const expected = expectedPush(vsn, user, joinRef, "new_item", payloadOf(items[0]));
      expect(items[i]).toEqual(expected);
      expect(texts.get(watchers[i])!.filter((s) => s.includes('"new_item"'))).toEqual([JSON.stringify(expected)]);
    }
    // Once: a follower's own topic and the shop's topic both carry it.
    await new Promise((r) => setTimeout(r, 150));
    for (const c of watchers) expect(c.frames.filter(isEvent("new_item"))).toEqual([]);
  });
});
