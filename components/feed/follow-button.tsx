"use client";

import { useFollowShop, useShopDetails } from "@/lib/client/shop";
import { toast } from "@/lib/client/toast-store";

/** Follow a shop from its reel: followers see its new products first and live. */
export function FollowButton({ shopId, shopName }: { shopId: string; shopName: string }) {
  const { data } = useShopDetails(shopId);
  const follow = useFollowShop(shopId);
  if (!data) return null;
  const following = data.following_by_me;
  return (
    <button
      type="button"
      aria-pressed={following}
      aria-label={following ? `Following ${shopName}` : `Follow ${shopName}`}
      disabled={follow.isPending}
      onClick={() =>
        follow.mutate(!following, { onError: () => toast({ text: `Could not ${following ? "unfollow" : "follow"} ${shopName}. Try again.` }) })
      }
      className={`pointer-events-auto rounded-full px-3 py-1 text-xs font-semibold transition focus-ring ${
        following ? "bg-white/15 text-white" : "bg-white text-zinc-900 hover:bg-zinc-200"
      }`}
    >
      {following ? "Following" : "Follow"}
    </button>
  );
}
