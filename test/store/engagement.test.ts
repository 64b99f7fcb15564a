import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  countLikes,
  likeProduct,
  recordShare,
  recordView,
  saveProduct,
  unlikeProduct,
  unsaveProduct,
} from "@/server/store/repositories/engagement.repository";
import { countFollowers, follow, isFollowing, listFollowerIds, unfollow } from "@/server/store/repositories/follows.repository";
import { openSeededStore, type TestStore } from "./helpers";

let store: TestStore;
beforeEach(async () => (store = await openSeededStore()));
afterEach(() => store.dispose());

describe("engagement", () => {
  it("like is idempotent and unlike reverts it", async () => {
    const { db } = store;
    const before = await countLikes(db, "prod_124");
    expect(await likeProduct(db, "user123", "prod_124")).toEqual({ likes: before + 1, changed: true });
    expect(await likeProduct(db, "user123", "prod_124")).toEqual({ likes: before + 1, changed: false });
    expect(await unlikeProduct(db, "user123", "prod_124")).toEqual({ likes: before, changed: true });
    expect(await unlikeProduct(db, "user123", "prod_124")).toEqual({ likes: before, changed: false });
  });

  it("save is idempotent", async () => {
    const { db } = store;
    expect(await saveProduct(db, "user456", "prod_124")).toEqual({ changed: true });
    expect(await saveProduct(db, "user456", "prod_124")).toEqual({ changed: false });
    expect(await unsaveProduct(db, "user456", "prod_124")).toEqual({ changed: true });
  });

  it("counts a view once per user, product and hour", async () => {
    const { db } = store;
    const at = new Date("2030-01-01T10:05:00Z");
    expect(await recordView(db, "user123", "prod_124", at)).toEqual({ counted: true });
    expect(await recordView(db, "user123", "prod_124", new Date("2030-01-01T10:59:59Z"))).toEqual({ counted: false });
    expect(await recordView(db, "user123", "prod_124", new Date("2030-01-01T11:00:00Z"))).toEqual({ counted: true });
    expect(await recordView(db, "user456", "prod_124", at)).toEqual({ counted: true });
  });

  it("records shares, also anonymous ones", async () => {
    const { db } = store;
    const first = await recordShare(db, { userId: "user123", productId: "prod_605", platform: "whatsapp" });
    const second = await recordShare(db, { userId: null, productId: "prod_605", platform: "copy_link" });
    expect(second.shares).toBe(first.shares + 1);
  });
});

describe("follows", () => {
  it("follow is idempotent and unfollow removes it", async () => {
    const { db } = store;
    const before = await countFollowers(db, "shop", "shop_6");
    expect(await follow(db, "user123", "shop", "shop_6")).toEqual({ created: true });
    expect(await follow(db, "user123", "shop", "shop_6")).toEqual({ created: false });
    expect(await isFollowing(db, "user123", "shop", "shop_6")).toBe(true);
    expect(await countFollowers(db, "shop", "shop_6")).toBe(before + 1);
    expect(await listFollowerIds(db, "shop", "shop_6")).toContain("user123");
    expect(await unfollow(db, "user123", "shop", "shop_6")).toEqual({ removed: true });
    expect(await isFollowing(db, "user123", "shop", "shop_6")).toBe(false);
  });
});
