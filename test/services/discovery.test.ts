import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DISCOVERY, rankForDiscovery, rankForViewer, rankShared } from "@/server/services/feed/discovery";
import type { FeedCandidate, ViewerMarks } from "@/server/store/repositories/products.repository";

const NOW = new Date("2030-06-01T12:00:00Z");
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000).toISOString();

/** A small fixture: a product published `ageHours` ago with no engagement and no relation to the viewer. */
function candidate(id: string, ageHours: number, signals: Partial<FeedCandidate> = {}): FeedCandidate {
  return {
    id, shop_id: "shop_x", name: id, description: "", price_cents: 100, currency: "USD", video_url: "", poster_url: "",
    created_at: hoursAgo(ageHours), published_at: hoursAgo(ageHours), shop: { id: "shop_x", name: "X" },
    likes: 0, shares: 0, views: 0, liked_by_me: false, saved_by_me: false,
    recent_activity: 0, followed_shop: false, viewed_at: null, ...signals,
  } as FeedCandidate;
}

describe("ranking for discovery", () => {
  it("puts fresh items first and lets age decay a score", () => {
    expect(rankForDiscovery([candidate("old", 24 * 20), candidate("week", 24 * 7), candidate("new", 1)], NOW)).toEqual(["new", "week", "old"]);
  });

  it("lets engagement lift an older item, with diminishing returns", () => {
    // Three days old with a busy week beats a day-old item nobody touched...
    expect(rankForDiscovery([candidate("quiet", 24), candidate("busy", 72, { recent_activity: 40 })], NOW)).toEqual(["busy", "quiet"]);
    // ...but a month-old item cannot buy the top with a hundred times the activity of a fresh one.
    expect(rankForDiscovery([candidate("fresh", 2, { recent_activity: 3 }), candidate("ancient", 24 * 30, { recent_activity: 300 })], NOW)).toEqual(["fresh", "ancient"]);
  });

  it("boosts shops the shopper follows", () => {
    expect(rankForDiscovery([candidate("stranger", 10), candidate("followed", 40, { followed_shop: true })], NOW)).toEqual(["followed", "stranger"]);
  });

  it("sinks what the shopper already liked and what they watched today, most right after watching", () => {
    const order = rankForDiscovery(
      [
        candidate("liked", 1, { liked_by_me: true }),
        candidate("watched-now", 1, { viewed_at: hoursAgo(0.1) }),
        candidate("watched-yesterday", 1, { viewed_at: hoursAgo(23) }),
        candidate("unseen", 1),
      ],
      NOW,
    );
    expect(order[0]).toBe("unseen");
    expect(order.indexOf("watched-yesterday")).toBeLessThan(order.indexOf("watched-now"));
    expect(order.indexOf("liked")).toBeGreaterThan(0);
    expect(DISCOVERY.viewedFactor).toBeLessThan(DISCOVERY.likedFactor);
  });

  it("orders ties totally: newer first, then by id", () => {
    expect(rankForDiscovery([candidate("a", 5), candidate("c", 5), candidate("b", 5)], NOW)).toEqual(["c", "b", "a"]);
  });
});

describe("ranking a join from the shared ranking and the viewer's marks", () => {
  // Few shops, ages and activity levels, so ties, boosts and sinks meet often.
  const product = fc.record({
    shop_id: fc.constantFrom("shop_a", "shop_b", "shop_c"),
    ageHours: fc.constantFrom(0, 1, 5, 30, 24 * 9, 24 * 40),
    recent_activity: fc.constantFrom(0, 1, 4, 40),
    liked: fc.boolean(),
    viewedHoursAgo: fc.option(fc.constantFrom(0, 0.5, 6, 23.9), { nil: null }),
    reported: fc.boolean(),
  });
  const world = fc.record({
    products: fc.array(product, { maxLength: 40 }),
    followed: fc.subarray(["shop_a", "shop_b", "shop_c"]),
    // How long before the join the shared ranking was made (kept up to SHARED_RANKING_TTL_MS; longer here so decays differ visibly).
    sharedAgeMs: fc.constantFrom(0, 900, 3 * 3600_000),
  });

  it("gives exactly the order rankForDiscovery gives the viewer's candidates at the shared ranking's time", () => {
    fc.assert(
      fc.property(world, ({ products, followed, sharedAgeMs }) => {
        const sharedAt = new Date(NOW.getTime() - sharedAgeMs);
        const rows = products.map((p, i) => ({ ...p, id: `prod_${i}`, published_at: hoursAgo(p.ageHours), created_at: hoursAgo(p.ageHours) }));
        const marks: ViewerMarks = {
          liked: new Set(rows.filter((r) => r.liked).map((r) => r.id)),
          followedShops: new Set(followed),
          viewedAt: new Map(rows.filter((r) => r.viewedHoursAgo !== null).map((r) => [r.id, hoursAgo(r.viewedHoursAgo!)])),
          reported: new Set(rows.filter((r) => r.reported).map((r) => r.id)),
        };
        const candidates = rows
          .filter((r) => !r.reported)
          .map((r) =>
            candidate(r.id, r.ageHours, {
              shop_id: r.shop_id,
              recent_activity: r.recent_activity,
              followed_shop: followed.includes(r.shop_id),
              liked_by_me: r.liked,
              viewed_at: marks.viewedAt.get(r.id) ?? null,
            }),
          );
        // The marks are read at the join (NOW): a view may be newer than the shared ranking.
        expect(rankForViewer(rankShared(rows, sharedAt), marks)).toEqual(rankForDiscovery(candidates, sharedAt));
      }),
      { numRuns: 300 },
    );
  });
});
