import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { likeProduct, recordShare, recordView, reportProduct, saveProduct, unlikeProduct } from "@/server/store/repositories/engagement.repository";
import { follow } from "@/server/store/repositories/follows.repository";
import { createProduct, listFeedCandidates, listProductsByShop, publishProduct, updateProduct } from "@/server/store/repositories/products.repository";
import { openSeededStore, type TestStore } from "./helpers";

let store: TestStore;
beforeEach(async () => (store = await openSeededStore()));
afterEach(() => store.dispose());

const clip = { videoUrl: "/media/clips/clip-1.mp4", posterUrl: "/media/clips/clip-1.jpg" };

describe("listFeedCandidates", () => {
  it("puts a fresh product of a followed shop before popular products of other shops", async () => {
    const { db } = store;
    // user789 follows nobody but shop_4 in the seed; shop_6 has only modest engagement.
    const fresh = await createProduct(db, { shopId: "shop_6", name: "New Sketchbook", description: "Fresh", priceCents: 1500, publish: true, ...clip });
    const before = await listFeedCandidates(db, "user789", { limit: 100 });
    expect(before.findIndex((p) => p.id === fresh.id)).toBeGreaterThan(0);

    await follow(db, "user789", "shop", "shop_6");
    const feed = await listFeedCandidates(db, "user789", { limit: 100 });
    const followedFresh = feed.filter((p) => p.shop.id === "shop_6" || p.shop.id === "shop_4").filter((p) => p.published_at! >= new Date(Date.now() - 7 * 864e5).toISOString());
    // Every fresh product of a followed shop comes before everything else.
    expect(feed.slice(0, followedFresh.length).map((p) => p.id).sort()).toEqual(followedFresh.map((p) => p.id).sort());
    expect(feed.slice(0, followedFresh.length).map((p) => p.id)).toContain(fresh.id);
  });

  it("ranks by recent engagement after the followed tier, then newest", async () => {
    const { db } = store;
    // Views within the last day count twice, so 54 fresh views lift a quiet product to the top.
    const users = ["user123", "user456", "user789", "owner1", "owner2", "owner3", "owner4", "courier1", "courier2"];
    for (const [i, userId] of users.entries()) {
      for (let h = 1; h <= 6; h++) await recordView(db, userId, "prod_505", new Date(Date.now() - (h * 60 + i) * 60_000));
    }
    const quietA = await createProduct(db, { shopId: "shop_5", name: "Quiet A", description: "-", priceCents: 100, publish: true, ...clip });
    const quietB = await createProduct(db, { shopId: "shop_5", name: "Quiet B", description: "-", priceCents: 100, publish: true, ...clip });
    await db.updateTable("products").set({ published_at: new Date(Date.now() - 60_000).toISOString() }).where("id", "=", quietA.id).execute();

    const feed = await listFeedCandidates(db, "admin", { limit: 100 }); // admin follows nobody
    expect(feed[0]).toMatchObject({ id: "prod_505", shop: { id: "shop_5", name: "Harlem Groove Records" } });
    expect(feed[0].views).toBeGreaterThanOrEqual(54);
    // Without engagement, the newer product comes first.
    const ids = feed.map((p) => p.id);
    expect(ids.indexOf(quietB.id)).toBeLessThan(ids.indexOf(quietA.id));
    expect(ids.indexOf(quietA.id)).toBe(ids.length - 1);
  });

  it("keeps the counts it shows equal to the stored likes, shares and views through likes, unlikes, shares and views", async () => {
    const { db } = store;
    const users = ["user123", "user456", "user789", "owner1", "owner2", "owner3", "courier1", "courier2"];
    const productId = "prod_124";
    // Concurrent writers on one product (on PostgreSQL each a transaction of its own).
    await Promise.all(users.map((u) => likeProduct(db, u, productId)));
    await Promise.all(users.slice(0, 3).map((u) => unlikeProduct(db, u, productId)));
    await Promise.all([...users.map((u) => likeProduct(db, u, productId)), ...users.slice(5).map((u) => unlikeProduct(db, u, productId))]);
    await Promise.all(users.map((u, i) => recordShare(db, { userId: i % 2 ? u : null, productId, platform: "copy_link" })));
    await Promise.all(users.flatMap((u) => [recordView(db, u, productId), recordView(db, u, productId)]));

    const count = async (table: "product_likes" | "product_shares" | "product_views") =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).where("product_id", "=", productId).executeTakeFirstOrThrow()).n);
    const shown = (await listFeedCandidates(db, "admin", { limit: 100 })).find((p) => p.id === productId)!;
    expect({ likes: shown.likes, shares: shown.shares, views: shown.views }).toEqual({
      likes: await count("product_likes"),
      shares: await count("product_shares"),
      views: await count("product_views"),
    });
    expect(shown.shares).toBeGreaterThanOrEqual(users.length);
  });

  it("an unlike takes the like's weight out of the ranking again", async () => {
    const { db } = store;
    const a = await createProduct(db, { shopId: "shop_5", name: "Liked A", description: "-", priceCents: 100, publish: true, ...clip });
    const b = await createProduct(db, { shopId: "shop_5", name: "Plain B", description: "-", priceCents: 100, publish: true, ...clip });
    await db.updateTable("products").set({ published_at: new Date(Date.now() - 60_000).toISOString() }).where("id", "=", a.id).execute();
    const order = async () => (await listFeedCandidates(db, "admin", { limit: 100 })).map((p) => p.id).filter((id) => id === a.id || id === b.id);
    expect(await order()).toEqual([b.id, a.id]); // no engagement: newest first
    await likeProduct(db, "user456", a.id);
    expect(await order()).toEqual([a.id, b.id]);
    await unlikeProduct(db, "user456", a.id);
    expect(await order()).toEqual([b.id, a.id]);
  });

  it("hides products the user reported, and drafts", async () => {
    const { db } = store;
    await reportProduct(db, { userId: "user123", productId: "prod_123", reason: "spam" });
    const ids = (await listFeedCandidates(db, "user123", { limit: 100 })).map((p) => p.id);
    expect(ids).not.toContain("prod_123");
    expect(ids).not.toContain("prod_128"); // draft
    // Other users still see it.
    expect((await listFeedCandidates(db, "user456", { limit: 100 })).map((p) => p.id)).toContain("prod_123");
  });

  it("flags liked and saved products and pages with limit/offset", async () => {
    const { db } = store;
    await likeProduct(db, "user123", "prod_605");
    await saveProduct(db, "user123", "prod_605");
    const all = await listFeedCandidates(db, "user123", { limit: 100 });
    expect(all.find((p) => p.id === "prod_605")).toMatchObject({ liked_by_me: true, saved_by_me: true });
    expect(all.find((p) => p.id === "prod_604")).toMatchObject({ liked_by_me: false, saved_by_me: false });
    const page2 = await listFeedCandidates(db, "user123", { limit: 5, offset: 5 });
    expect(page2.map((p) => p.id)).toEqual(all.slice(5, 10).map((p) => p.id));
  });
});

describe("product writes", () => {
  it("creates a draft, updates and publishes it", async () => {
    const { db } = store;
    const draft = await createProduct(db, { shopId: "shop_2", name: "Fern", description: "Green", priceCents: 2000, ...clip });
    expect(draft.published_at).toBeNull();
    expect((await listProductsByShop(db, "shop_2")).map((p) => p.id)).not.toContain(draft.id);
    expect((await listProductsByShop(db, "shop_2", { includeDrafts: true })).map((p) => p.id)).toContain(draft.id);

    expect(await updateProduct(db, draft.id, { price_cents: 2500 })).toMatchObject({ price_cents: 2500 });
    const published = await publishProduct(db, draft.id);
    expect(published?.published_at).toEqual(expect.any(String));
    expect((await publishProduct(db, draft.id))?.published_at).toBe(published?.published_at);
    expect(await updateProduct(db, "prod_missing", { name: "x" })).toBeNull();
  });
});
