import { create } from "zustand";
import type { FeedItem, FeedPage } from "@/lib/events";

interface FeedState {
  items: FeedItem[];
  hasMore: boolean;
  loaded: boolean;
  loadingMore: boolean;
  error: string | null;
  activeIndex: number;
  muted: boolean;
  /** The shopper paused the active reel (tap or space); a new active reel plays again. */
  paused: boolean;
  /** Live arrivals the shopper has not scrolled to yet (the "new products" pill). */
  freshIds: string[];
  /** The join reply: the first page, or on a rejoin fresher counts for what is already shown. */
  joined: (page: FeedPage) => void;
  appended: (page: FeedPage) => void;
  arrived: (item: FeedItem) => void;
  likes: (productId: string, likes: number) => void;
  patch: (productId: string, patch: Partial<FeedItem>) => void;
  remove: (productId: string) => void;
  setActive: (index: number) => void;
  setLoadingMore: (loading: boolean) => void;
  setError: (error: string | null) => void;
  toggleMuted: () => void;
  togglePaused: () => void;
  seen: (productId: string) => void;
  reset: () => void;
}

const initial = { items: [], hasMore: false, loaded: false, loadingMore: false, error: null, activeIndex: 0, muted: true, paused: false, freshIds: [] };

export const useFeedStore = create<FeedState>((set) => ({
  ...initial,
  joined: (page) =>
    set((s) => {
      if (!s.loaded) return { items: page.items, hasMore: page.has_more, loaded: true, error: null };
      const fresh = new Map(page.items.map((i) => [i.product_id, i]));
      return { items: s.items.map((i) => ({ ...i, ...pickCounts(fresh.get(i.product_id)) })), error: null };
    }),
  appended: (page) =>
    set((s) => {
      const known = new Set(s.items.map((i) => i.product_id));
      return { items: [...s.items, ...page.items.filter((i) => !known.has(i.product_id))], hasMore: page.has_more, loadingMore: false };
    }),
  // Inserted right after the current reel, so nothing shifts under the shopper's thumb.
  arrived: (item) =>
    set((s) => {
      if (s.items.some((i) => i.product_id === item.product_id)) return s;
      const items = [...s.items];
      items.splice(s.activeIndex + 1, 0, item);
      return { items, freshIds: [...s.freshIds, item.product_id] };
    }),
  likes: (productId, likes) => set((s) => ({ items: s.items.map((i) => (i.product_id === productId ? { ...i, likes } : i)) })),
  patch: (productId, patch) => set((s) => ({ items: s.items.map((i) => (i.product_id === productId ? { ...i, ...patch } : i)) })),
  remove: (productId) => set((s) => ({ items: s.items.filter((i) => i.product_id !== productId) })),
  setActive: (activeIndex) => set((s) => (s.activeIndex === activeIndex ? s : { activeIndex, paused: false })),
  setLoadingMore: (loadingMore) => set({ loadingMore }),
  setError: (error) => set({ error, loadingMore: false }),
  toggleMuted: () => set((s) => ({ muted: !s.muted })),
  togglePaused: () => set((s) => ({ paused: !s.paused })),
  seen: (productId) => set((s) => (s.freshIds.includes(productId) ? { freshIds: s.freshIds.filter((id) => id !== productId) } : s)),
  reset: () => set(initial),
}));

function pickCounts(item: FeedItem | undefined): Partial<FeedItem> {
  if (!item) return {};
  const { likes, liked_by_me, saved_by_me, shares, views } = item;
  return { likes, liked_by_me, saved_by_me, shares, views };
}
