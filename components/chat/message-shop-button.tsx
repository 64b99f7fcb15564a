"use client";

import { useRouter } from "next/navigation";
import { Icon } from "@/components/layout/icon";
import { useMessageShop, useShopDetails } from "@/lib/client/shop";
import { useSessionStore } from "@/lib/client/session-store";
import { toast } from "@/lib/client/toast-store";

/** Opens the shopper's private conversation with a shop (made on first use); hidden for the shop's own owner. */
export function MessageShopButton({ shopId, shopName, className = "" }: { shopId: string; shopName: string; className?: string }) {
  const router = useRouter();
  const userId = useSessionStore((s) => s.user?.id ?? null);
  const { data } = useShopDetails(shopId);
  const open = useMessageShop(shopId);
  if (!data || data.shop.owner_id === userId) return null;
  return (
    <button
      type="button"
      aria-label={`Message ${shopName}`}
      disabled={open.isPending}
      onClick={() =>
        open.mutate(undefined, {
          onSuccess: (roomId) => router.push(`/chat/${encodeURIComponent(roomId)}`),
          onError: () => toast({ text: `Could not open a chat with ${shopName}. Try again.` }),
        })
      }
      className={`pointer-events-auto inline-flex items-center gap-1 rounded-full bg-white/15 px-3 py-1 text-xs font-semibold text-white transition hover:bg-white/25 focus-ring ${className}`}
    >
      <Icon name="chat" className="size-3.5" />
      Message
    </button>
  );
}
