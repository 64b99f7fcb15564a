"use client";

import { useState } from "react";
import type { FeedItem } from "@/lib/events";
import { productShareUrl } from "@/lib/client/links";
import { toast } from "@/lib/client/toast-store";
import { Sheet } from "@/components/layout/sheet";
import type { FeedActions } from "./use-feed-actions";

/** The fallback when the Web Share API is missing: WhatsApp, Facebook or copy the link. */
export function ShareSheet({ item, actions, onClose }: { item: FeedItem | null; actions: FeedActions; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const localUrl = item ? productShareUrl(item.product_id) : "";
  const text = item ? `${item.name} at ${item.shop.name}` : "";

  const copy = async () => {
    if (!item) return;
    setBusy(true);
    const url = (await actions.share(item.product_id, "copy_link")) ?? localUrl;
    try {
      await navigator.clipboard.writeText(url);
      toast({ text: "Link copied" });
    } catch {
      toast({ text: url });
    }
    setBusy(false);
    onClose();
  };

  const external = [
    { platform: "whatsapp" as const, label: "WhatsApp", href: `https://wa.me/?text=${encodeURIComponent(`${text} ${localUrl}`)}`, color: "bg-emerald-600" },
    { platform: "facebook" as const, label: "Facebook", href: `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(localUrl)}`, color: "bg-blue-600" },
  ];

  return (
    <Sheet open={item !== null} onClose={onClose} title="Share">
      <div className="grid grid-cols-3 gap-3">
        {external.map((e) => (
          // Real links (not window.open after an await) so popup blockers leave them alone.
          <a
            key={e.platform}
            href={e.href}
            target="_blank"
            rel="noopener noreferrer"
            onClick={() => {
              if (item) void actions.share(item.product_id, e.platform);
              onClose();
            }}
            className="flex flex-col items-center gap-2 rounded-2xl bg-white/5 p-3 text-sm transition hover:bg-white/10 focus-ring"
          >
            <span aria-hidden className={`grid size-12 place-items-center rounded-full ${e.color} text-lg font-bold`}>
              {e.label[0]}
            </span>
            {e.label}
          </a>
        ))}
        <button
          type="button"
          onClick={copy}
          disabled={busy}
          className="flex flex-col items-center gap-2 rounded-2xl bg-white/5 p-3 text-sm transition hover:bg-white/10 focus-ring"
        >
          <span aria-hidden className="grid size-12 place-items-center rounded-full bg-zinc-600 text-lg font-bold">
            ⧉
          </span>
          Copy link
        </button>
      </div>
    </Sheet>
  );
}
