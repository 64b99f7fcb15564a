// How the reels feed is ranked for discovery (docs/feed-ranking.md). Pure: the candidates and the
// clock come in, the order goes out, so tests pin both.
import type { FeedCandidate } from "@/server/store/repositories/products.repository";

const HOUR_MS = 60 * 60 * 1000;

export const DISCOVERY = {
  /** A product's freshness halves every this many hours since it was published. */
  halfLifeHours: 72,
  /** Freshness never falls below this share, so a product people still engage with stays findable. */
  freshnessFloor: 0.05,
  /** Products of shops the viewer follows. */
  followedBoost: 2.5,
  /** Already liked: the viewer knows it; it sinks but does not vanish. */
  likedFactor: 0.3,
  /** Watched in the last 24 hours: sinks most right after the view, recovering over the day. */
  viewedFactor: 0.2,
};

/** What the ranking reads of a candidate. */
export type RankingInput = Pick<FeedCandidate, "id" | "published_at" | "created_at" | "recent_activity" | "followed_shop" | "liked_by_me" | "viewed_at">;

export function discoveryScore(c: RankingInput, now: Date): number {
  const ageHours = Math.max(0, (now.getTime() - Date.parse(c.published_at ?? c.created_at)) / HOUR_MS);
  const freshness = Math.max(DISCOVERY.freshnessFloor, 0.5 ** (ageHours / DISCOVERY.halfLifeHours));
  // Engagement helps, with diminishing returns: ten times the likes is not ten times the place.
  let score = freshness * (1 + Math.log1p(c.recent_activity));
  if (c.followed_shop) score *= DISCOVERY.followedBoost;
  if (c.liked_by_me) score *= DISCOVERY.likedFactor;
  if (c.viewed_at) {
    const sinceViewHours = (now.getTime() - Date.parse(c.viewed_at)) / HOUR_MS;
    score *= DISCOVERY.viewedFactor + (1 - DISCOVERY.viewedFactor) * Math.min(1, Math.max(0, sinceViewHours / 24));
  }
  return score;
}

/** Product ids, best first; ties go to the newer product, then the id, so the order is total. */
export function rankForDiscovery(candidates: readonly RankingInput[], now: Date): string[] {
  return candidates
    .map((c) => ({ id: c.id, at: c.published_at ?? c.created_at, score: discoveryScore(c, now) }))
    .sort((a, b) => b.score - a.score || b.at.localeCompare(a.at) || b.id.localeCompare(a.id))
    .map((c) => c.id);
}
