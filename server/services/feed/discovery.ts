// How the reels feed is ranked for discovery (docs/feed-ranking.md). Pure: the candidates and the
// clock come in, the order goes out, so tests pin both.
import type { FeedCandidate, RankedProduct, ViewerMarks } from "@/server/store/repositories/products.repository";

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

type SharedInput = Pick<FeedCandidate, "published_at" | "created_at" | "recent_activity">;
type ViewerInput = Pick<FeedCandidate, "followed_shop" | "liked_by_me" | "viewed_at">;

/** What the ranking reads of a candidate. */
export type RankingInput = Pick<FeedCandidate, "id"> & SharedInput & ViewerInput;

/** The part of a score that is the same for every viewer: freshness and recent activity. */
function sharedScore(c: SharedInput, now: Date): number {
  const ageHours = Math.max(0, (now.getTime() - Date.parse(c.published_at ?? c.created_at)) / HOUR_MS);
  const freshness = Math.max(DISCOVERY.freshnessFloor, 0.5 ** (ageHours / DISCOVERY.halfLifeHours));
  // Engagement helps, with diminishing returns: ten times the likes is not ten times the place.
  return freshness * (1 + Math.log1p(c.recent_activity));
}

/** The viewer's own signals applied to the shared score. */
function viewerScore(shared: number, c: ViewerInput, now: Date): number {
  let score = shared;
  if (c.followed_shop) score *= DISCOVERY.followedBoost;
  if (c.liked_by_me) score *= DISCOVERY.likedFactor;
  if (c.viewed_at) {
    const sinceViewHours = (now.getTime() - Date.parse(c.viewed_at)) / HOUR_MS;
    score *= DISCOVERY.viewedFactor + (1 - DISCOVERY.viewedFactor) * Math.min(1, Math.max(0, sinceViewHours / 24));
  }
  return score;
}

export function discoveryScore(c: RankingInput, now: Date): number {
  return viewerScore(sharedScore(c, now), c, now);
}

interface Scored {
  id: string;
  /** published_at, else created_at: the first tie-break. */
  at: string;
  score: number;
}

/** Best first; ties go to the newer product, then the id, so the order is total. */
const byRank = (a: Scored, b: Scored) => b.score - a.score || b.at.localeCompare(a.at) || b.id.localeCompare(a.id);

/** Product ids, best first. The definition of the order; rankForViewer computes the same faster. */
export function rankForDiscovery(candidates: readonly RankingInput[], now: Date): string[] {
  return candidates
    .map((c) => ({ id: c.id, at: c.published_at ?? c.created_at, score: discoveryScore(c, now) }))
    .sort(byRank)
    .map((c) => c.id);
}

/** Every candidate ranked by its shared score alone at `now`: what each viewer's ranking starts from. */
export interface SharedRanking {
  now: Date;
  entries: ReadonlyArray<Scored & { shopId: string }>;
}

export function rankShared(products: readonly RankedProduct[], now: Date): SharedRanking {
  const entries = products.map((p) => ({ id: p.id, shopId: p.shop_id, at: p.published_at ?? p.created_at, score: sharedScore(p, now) }));
  return { now, entries: entries.sort(byRank) };
}

/**
 * The viewer's order: what rankForDiscovery gives at the shared ranking's time (the marks are
 * scored at that time too, however much later the join is) for the shared candidates with the
 * viewer's marks. Products the viewer has no mark on keep their shared order, so only the marked ones are
 * scored and sorted, then merged in: a join costs a pass over the candidates, not a sort of them.
 */
export function rankForViewer(shared: SharedRanking, marks: ViewerMarks): string[] {
  const { now } = shared;
  const unmarked: Scored[] = [];
  const marked: Scored[] = [];
  for (const entry of shared.entries) {
    if (marks.reported.has(entry.id)) continue;
    const followed_shop = marks.followedShops.has(entry.shopId);
    const liked_by_me = marks.liked.has(entry.id);
    const viewed_at = marks.viewedAt.get(entry.id) ?? null;
    if (!followed_shop && !liked_by_me && !viewed_at) unmarked.push(entry);
    else marked.push({ id: entry.id, at: entry.at, score: viewerScore(entry.score, { followed_shop, liked_by_me, viewed_at }, now) });
  }
  marked.sort(byRank);
  const order: string[] = [];
  let u = 0;
  let m = 0;
  while (u < unmarked.length && m < marked.length) order.push(byRank(unmarked[u], marked[m]) <= 0 ? unmarked[u++].id : marked[m++].id);
  while (u < unmarked.length) order.push(unmarked[u++].id);
  while (m < marked.length) order.push(marked[m++].id);
  return order;
}
