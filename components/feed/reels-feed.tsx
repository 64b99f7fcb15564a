"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { feedEvents, feedPageSchema, type FeedItem } from "@/lib/events";
import { topics } from "@/lib/topics";
import { useFeedStore } from "@/lib/client/feed-store";
import { useSessionStore } from "@/lib/client/session-store";
import { parsed, useChannel } from "@/components/realtime/use-channel";
import { BuySheet } from "./buy-sheet";
import { Reel } from "./reel";
import { ReportSheet } from "./report-sheet";
import { ShareSheet } from "./share-sheet";
import { useFeedActions } from "./use-feed-actions";
import { productShareUrl } from "@/lib/client/links";

const out = feedEvents.out;
/** A reel counts as the active one once this much of it is in view. */
const ACTIVE_THRESHOLD = 0.6;
/** Ask for the next page while this many reels are still ahead. */
const LOAD_AHEAD = 3;

function deepLinkedProduct(): { product?: string } {
  const product = new URLSearchParams(window.location.search).get("product");
  return product ? { product } : {};
}

/** The reels feed: a scroll-snapped column of reels driven by the `feed:user_<id>` channel. */
export function ReelsFeed() {
  const userId = useSessionStore((s) => s.user?.id ?? null);
  const { items, loaded, hasMore, loadingMore, error, activeIndex, freshIds } = useFeedStore();
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [sheet, setSheet] = useState<{ kind: "share" | "report" | "buy"; item: FeedItem } | null>(null);

  // The page's first join ranks the feed anew; a rejoin after a reconnect pages on through the same order.
  const joinedOnce = useRef(false);
  const { channel, state, error: joinError } = useChannel(userId ? topics.feed(userId) : null, {
    // A deep link (`/?product=…`) asks for its product first in the fresh ranking.
    params: () => (joinedOnce.current ? { fresh: false } : { fresh: true, ...deepLinkedProduct() }),
    onJoin: parsed(feedPageSchema, (page) => {
      joinedOnce.current = true;
      useFeedStore.getState().joined(page);
    }),
    events: {
      feed_loaded: parsed(out.feed_loaded, (page) => useFeedStore.getState().joined(page)),
      more_feed_items: parsed(out.more_feed_items, (page) => useFeedStore.getState().appended(page)),
      new_item: parsed(out.new_item, ({ item }) => useFeedStore.getState().arrived(item)),
      like_update: parsed(out.like_update, (u) => useFeedStore.getState().likes(u.product_id, u.likes)),
      feed_error: parsed(out.feed_error, (e) => useFeedStore.getState().setError(e.reason)),
    },
  });
  const actions = useFeedActions(channel);

  // A new user (or signing out) starts from an empty feed.
  useEffect(() => () => useFeedStore.getState().reset(), [userId]);

  // The reel at least 60% in view is the active one: it plays, the others pause.
  useEffect(() => {
    const root = scrollerRef.current;
    if (!root) return;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting && entry.intersectionRatio >= ACTIVE_THRESHOLD) {
            useFeedStore.getState().setActive(Number((entry.target as HTMLElement).dataset.index));
          }
        }
      },
      { root, threshold: ACTIVE_THRESHOLD },
    );
    root.querySelectorAll("[data-testid=reel]").forEach((el) => observer.observe(el));
    return () => observer.disconnect();
  }, [items]);

  const active = items[activeIndex];
  const activeId = active?.product_id;

  useEffect(() => {
    if (!channel || !activeId) return;
    channel.push("view_item", { product_id: activeId });
    useFeedStore.getState().seen(activeId);
  }, [channel, activeId]);

  useEffect(() => {
    if (!channel || !hasMore || loadingMore || items.length === 0) return;
    if (activeIndex >= items.length - LOAD_AHEAD) {
      useFeedStore.getState().setLoadingMore(true);
      channel
        .push("load_more", { skip: items.length })
        .receive("ok", (reply: unknown) => {
          // The reply may carry the page itself, or it follows as `more_feed_items`.
          const page = feedPageSchema.safeParse(reply);
          if (page.success) useFeedStore.getState().appended(page.data);
        })
        .receive("error", () => useFeedStore.getState().setError("failed_to_load"))
        .receive("timeout", () => useFeedStore.getState().setLoadingMore(false));
    }
  }, [channel, hasMore, loadingMore, activeIndex, items.length]);

  const scrollTo = useCallback((index: number) => {
    scrollerRef.current?.querySelector(`[data-index="${index}"]`)?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, []);

  // A deep link (`/?product=…`, from a share or a notification) opens on that reel.
  const deepLinked = useRef(false);
  useEffect(() => {
    if (!loaded || deepLinked.current) return;
    deepLinked.current = true;
    const wanted = new URLSearchParams(window.location.search).get("product");
    const index = wanted ? items.findIndex((i) => i.product_id === wanted) : -1;
    if (index > 0) scrollerRef.current?.querySelector(`[data-index="${index}"]`)?.scrollIntoView({ block: "start" });
  }, [loaded, items]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (sheet || e.metaKey || e.ctrlKey || e.altKey || target.closest("input, textarea, select, dialog, [contenteditable]")) return;
      const { activeIndex: i, items: list } = useFeedStore.getState();
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        scrollTo(Math.min(list.length - 1, Math.max(0, i + (e.key === "ArrowDown" ? 1 : -1))));
      } else if (e.key === " " && target.tagName !== "BUTTON" && target.tagName !== "A") {
        e.preventDefault();
        useFeedStore.getState().togglePaused();
      } else if (e.key === "l" || e.key === "L") {
        const item = list[i];
        if (item) actions.setLiked(item.product_id, !item.liked_by_me);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [actions, scrollTo, sheet]);

  // The tab in the background: stop playback (the active reel resumes when it comes back).
  useEffect(() => {
    const onVisibility = () => {
      const { paused, togglePaused } = useFeedStore.getState();
      if (document.hidden !== paused) togglePaused();
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => document.removeEventListener("visibilitychange", onVisibility);
  }, []);

  const failed = state === "error" || error === "failed_to_load";
  if (!loaded) {
    return (
      <FeedMessage>
        {failed ? (
          <>
            <p className="text-lg font-semibold">We couldn&apos;t load your feed.</p>
            <p className="text-sm text-zinc-400">{joinError ?? "Please try again in a moment."}</p>
            <button type="button" className="btn-primary mt-4" onClick={() => window.location.reload()}>
              Retry
            </button>
          </>
        ) : (
          <>
            <span className="size-10 animate-spin rounded-full border-4 border-white/15 border-t-fuchsia-400" aria-hidden />
            <p className="text-zinc-400">Loading your feed…</p>
          </>
        )}
      </FeedMessage>
    );
  }
  if (items.length === 0) {
    return (
      <FeedMessage>
        <p className="text-lg font-semibold">Nothing to watch yet</p>
        <p className="text-sm text-zinc-400">New products appear here live as shops publish them.</p>
      </FeedMessage>
    );
  }

  return (
    <div className="relative h-[calc(100dvh-3.5rem)]">
      <div
        ref={scrollerRef}
        data-testid="reels"
        aria-label="Product reels"
        className="no-scrollbar h-full snap-y snap-mandatory overflow-y-scroll overscroll-contain"
      >
        {items.map((item, index) => (
          <Reel
            key={item.product_id}
            item={item}
            index={index}
            active={index === activeIndex}
            near={Math.abs(index - activeIndex) <= 2}
            next={index === activeIndex + 1}
            actions={actions}
            onShare={(it) => shareNatively(it, actions).then((done) => done || setSheet({ kind: "share", item: it }))}
            onReport={(it) => setSheet({ kind: "report", item: it })}
            onBuy={(it) => setSheet({ kind: "buy", item: it })}
          />
        ))}
        <div className="grid h-24 snap-end place-items-center text-sm text-zinc-500">
          {loadingMore ? "Loading more…" : hasMore ? "" : "You're all caught up"}
        </div>
      </div>

      {freshIds.length > 0 ? (
        <button
          type="button"
          onClick={() => {
            const index = useFeedStore.getState().items.findIndex((i) => i.product_id === freshIds[0]);
            if (index >= 0) scrollTo(index);
          }}
          className="absolute left-1/2 top-3 z-10 -translate-x-1/2 rounded-full bg-white px-4 py-2 text-sm font-semibold text-zinc-900 shadow-xl transition hover:bg-zinc-200 focus-ring"
        >
          ↓ {freshIds.length === 1 ? "New product" : `${freshIds.length} new products`}
        </button>
      ) : null}

      <ShareSheet item={sheet?.kind === "share" ? sheet.item : null} actions={actions} onClose={() => setSheet(null)} />
      <ReportSheet item={sheet?.kind === "report" ? sheet.item : null} actions={actions} onClose={() => setSheet(null)} />
      <BuySheet item={sheet?.kind === "buy" ? sheet.item : null} onClose={() => setSheet(null)} />
    </div>
  );
}

/** The Web Share API where the device has it; false means "show our own sheet instead". */
async function shareNatively(item: FeedItem, actions: ReturnType<typeof useFeedActions>): Promise<boolean> {
  if (typeof navigator.share !== "function") return false;
  const url = productShareUrl(item.product_id);
  try {
    await navigator.share({ title: item.name, text: `${item.name} at ${item.shop.name}`, url });
    void actions.share(item.product_id, "native");
  } catch {
    // Dismissed by the shopper: nothing to record.
  }
  return true;
}

function FeedMessage({ children }: { children: React.ReactNode }) {
  return (
    <div role="status" className="flex h-[calc(100dvh-3.5rem)] flex-col items-center justify-center gap-2 px-6 text-center">
      {children}
    </div>
  );
}
