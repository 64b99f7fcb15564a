"use client";

import { useMemo } from "react";
import type { Channel } from "phoenix";
import { shareReplySchema, type FeedItem, type ReportReason, type SharePlatform } from "@/lib/events";
import { useFeedStore } from "@/lib/client/feed-store";
import { toast } from "@/lib/client/toast-store";
import { pushAsync } from "@/components/realtime/use-channel";

export type FeedActions = ReturnType<typeof useFeedActions>;

/** The shopper's actions on a reel, optimistic in the store and confirmed over the feed channel. */
export function useFeedActions(channel: Channel | null) {
  return useMemo(() => {
    const store = useFeedStore.getState;
    const current = (id: string) => store().items.find((i) => i.product_id === id);

    async function optimistic(id: string, event: string, patch: Partial<FeedItem>, failure: string) {
      const before = current(id);
      if (!channel || !before) return;
      store().patch(id, patch);
      try {
        await pushAsync(channel, event, { product_id: id });
      } catch {
        store().patch(id, { liked_by_me: before.liked_by_me, saved_by_me: before.saved_by_me, likes: before.likes });
        toast({ text: failure, tone: "error" });
      }
    }

    return {
      /** `like_update` later reconciles the count with the server's. */
      setLiked(id: string, liked: boolean) {
        const item = current(id);
        if (!item || item.liked_by_me === liked) return;
        void optimistic(
          id,
          liked ? "like_item" : "unlike_item",
          { liked_by_me: liked, likes: Math.max(0, item.likes + (liked ? 1 : -1)) },
          "Couldn't update your like.",
        );
      },
      setSaved(id: string, saved: boolean) {
        void optimistic(id, saved ? "save_item" : "unsave_item", { saved_by_me: saved }, "Couldn't update your saved items.");
        if (saved) toast({ text: "Saved to your collection" });
      },
      /** Records the share and returns the canonical link to hand out. */
      async share(id: string, platform: SharePlatform): Promise<string | null> {
        if (!channel) return null;
        try {
          const { share_url } = await pushAsync(channel, "share_item", { product_id: id, platform }, shareReplySchema);
          const item = current(id);
          if (item) store().patch(id, { shares: item.shares + 1 });
          return share_url;
        } catch {
          return null;
        }
      },
      async report(id: string, reason: ReportReason) {
        if (!channel) return;
        try {
          await pushAsync(channel, "report_item", { product_id: id, reason });
          store().remove(id);
          toast({ text: "Thanks — we'll review this product." });
        } catch {
          toast({ text: "Couldn't send the report, try again.", tone: "error" });
        }
      },
    };
  }, [channel]);
}
