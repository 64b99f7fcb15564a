import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { likeProduct, recordShare, recordView, reportProduct, saveProduct, unlikeProduct } from "@/server/store/repositories/engagement.repository";
import { follow } from "@/server/store/repositories/follows.repository";
import { createProduct, listFeedCandidates, listProductsByShop, publishProduct, updateProduct } from "@/server/store/repositories/products.repository";
import { rankForDiscovery } from "@/server/services/feed/discovery";
import { feedOrder, SHARED_RANKING_TTL_MS } from "@/server/services/feed/feed-items";
import { openSeededStore, type TestStore } from "./helpers";

let store: TestStore;
beforeEach(async () => (store = await openSeededStore()));
afterEach(() => store.dispose());

const clip = { videoUrl: "/media/clips/clip-1.mp4", posterUrl: "/media/clips/clip-1.jpg" };

/** The viewer's feed order as the join ranks it. */
async function ranked(db: TestStore["db"], userId: string): Promise<string[]> {
  return rankForDiscovery(await listFeedCandidates(db, userId), new Date());
}

describe("listFeedCandidates (what the ranking weighs)", () => {
  it("marks the followed shops' products and what the viewer watched in the last day", async () => {
    const { db } = store;
    const fresh = await createProduct(db, { shopId: "shop_6", name: "New Sketchbook", description: "Fresh", priceCents: 1500, publish: true, ...clip });
    expect((await listFeedCandidates(db, "user789", { ids: [fresh.id] }))[0]).toMatchObject({ followed_shop: false, viewed_at: null });
    await follow(db, "user789", "shop", "shop_6");
    const watched = new Date(Date.now() - 3 * 3600_000);
    await recordView(db, "user789", fresh.id, watched);
    expect((await listFeedCandidates(db, "user789", { ids: [fresh.id] }))[0]).toMatchObject({ followed_shop: true, viewed_at: watched.toISOString() });
    // Another viewer's view is not this one's.
    expect((await listFeedCandidates(db, "user456", { ids: [fresh.id] }))[0]).toMatchObject({ followed_shop: false, viewed_at: null });
  });

  it("counts recent engagement, the last 24 hours twice, and ranks it up", async () => {
    const { db } = store;
    const quietA = await createProduct(db, { shopId: "shop_5", name: "Quiet A", description: "-", priceCents: 100, publish: true, ...clip });
    const busyB = await createProduct(db, { shopId: "shop_5", name: "Busy B", description: "-", priceCents: 100, publish: true, ...clip });
    await db.updateTable("products").set({ published_at: new Date(Date.now() - 3600_000).toISOString() }).where("id", "in", [quietA.id, busyB.id]).execute();
    for (const userId of ["user123", "user456", "owner1"]) await recordView(db, userId, busyB.id, new Date(Date.now() - 2 * 3600_000));
    const [busy] = await listFeedCandidates(db, "admin", { ids: [busyB.id] });
    expect(busy.recent_activity).toBe(6);
    const order = (await ranked(db, "admin")).filter((id) => id === quietA.id || id === busyB.id);
    expect(order).toEqual([busyB.id, quietA.id]);
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
    const [shown] = await listFeedCandidates(db, "admin", { ids: [productId] });
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
    const order = async () => (await ranked(db, "admin")).filter((id) => id === a.id || id === b.id);
    expect(await order()).toEqual([b.id, a.id]); // no engagement: newest first
    await likeProduct(db, "user456", a.id);
    expect(await order()).toEqual([a.id, b.id]);
    await unlikeProduct(db, "user456", a.id);
    expect(await order()).toEqual([b.id, a.id]);
  });

  it("hides products the user reported, and drafts", async () => {
    const { db } = store;
    await reportProduct(db, { userId: "user123", productId: "prod_123", reason: "spam" });
    const ids = (await listFeedCandidates(db, "user123")).map((p) => p.id);
    expect(ids).not.toContain("prod_123");
    expect(ids).not.toContain("prod_128"); // draft
    expect(await listFeedCandidates(db, "user123", { ids: ["prod_123", "prod_128"] })).toEqual([]);
    // Other users still see it.
    expect((await listFeedCandidates(db, "user456")).map((p) => p.id)).toContain("prod_123");
  });

  it("flags liked and saved products", async () => {
    const { db } = store;
    await likeProduct(db, "user123", "prod_605");
    await saveProduct(db, "user123", "prod_605");
    const [liked, other] = await listFeedCandidates(db, "user123", { ids: ["prod_605", "prod_604"] }).then((rows) => ["prod_605", "prod_604"].map((id) => rows.find((r) => r.id === id)));
    expect(liked).toMatchObject({ liked_by_me: true, saved_by_me: true });
    expect(other).toMatchObject({ liked_by_me: false, saved_by_me: false });
  });
});

describe("feedOrder (a join's ranking: inputs every join shares, plus the viewer's own marks)", () => {
  it("ranks exactly as the full candidate list would, for viewers who liked, followed, watched and reported", async () => {
    const { db } = store;
    await likeProduct(db, "user123", "prod_605");
    await follow(db, "user123", "shop", "shop_2");
    await recordView(db, "user123", "prod_604", new Date(Date.now() - 2 * 3600_000));
    await recordView(db, "user456", "prod_603", new Date(Date.now() - 3 * 3600_000));
    await reportProduct(db, { userId: "user456", productId: "prod_123", reason: "spam" });
    await follow(db, "user456", "shop", "shop_5");
    const now = new Date();
    for (const userId of ["user123", "user456", "user789", "admin"]) {
      const order = await feedOrder(db, userId, { fresh: true, now });
      expect(order).toEqual(rankForDiscovery(await listFeedCandidates(db, userId, { now }), now));
    }
    expect(await feedOrder(db, "user456", { fresh: true, now })).not.toContain("prod_123");
  });

  it("weighs new engagement once the shared inputs are older than SHARED_RANKING_TTL_MS", async () => {
    const { db } = store;
    const a = await createProduct(db, { shopId: "shop_5", name: "Liked A", description: "-", priceCents: 100, publish: true, ...clip });
    const b = await createProduct(db, { shopId: "shop_5", name: "Plain B", description: "-", priceCents: 100, publish: true, ...clip });
    await db.updateTable("products").set({ published_at: new Date(Date.now() - 60_000).toISOString() }).where("id", "=", a.id).execute();
    const order = async (now: Date) => (await feedOrder(db, "admin", { fresh: true, now })).filter((id) => id === a.id || id === b.id);
    const t0 = new Date();
    expect(await order(t0)).toEqual([b.id, a.id]);
    await likeProduct(db, "user456", a.id);
    expect(await order(new Date(t0.getTime() + SHARED_RANKING_TTL_MS))).toEqual([a.id, b.id]);
    // The viewer's own marks are never shared: their own like sinks it at once.
    await likeProduct(db, "admin", a.id);
    expect(await order(new Date(t0.getTime() + SHARED_RANKING_TTL_MS + 1))).toEqual([b.id, a.id]);
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
