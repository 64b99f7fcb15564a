"use client";

import { useState } from "react";
import { reportReasonSchema, type FeedItem, type ReportReason } from "@/lib/events";
import { Sheet } from "@/components/layout/sheet";
import type { FeedActions } from "./use-feed-actions";

const LABELS: Record<ReportReason, string> = {
  spam: "Spam",
  inappropriate: "Inappropriate content",
  misleading: "Misleading description",
  counterfeit: "Counterfeit product",
  other: "Something else",
};

export function ReportSheet({ item, actions, onClose }: { item: FeedItem | null; actions: FeedActions; onClose: () => void }) {
  const [reason, setReason] = useState<ReportReason | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!item || !reason) return;
    onClose();
    await actions.report(item.product_id, reason);
    setReason(null);
  };
  return (
    <Sheet open={item !== null} onClose={onClose} title="Report this product">
      <form onSubmit={submit}>
        <fieldset className="space-y-2">
          <legend className="mb-3 text-sm text-zinc-400">Why are you reporting {item?.name}?</legend>
          {reportReasonSchema.options.map((r) => (
            <label
              key={r}
              className="flex cursor-pointer items-center gap-3 rounded-xl border border-white/10 px-4 py-3 has-[:checked]:border-fuchsia-400 has-[:checked]:bg-fuchsia-500/10 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-fuchsia-400"
            >
              <input type="radio" name="reason" value={r} checked={reason === r} onChange={() => setReason(r)} className="accent-fuchsia-500" />
              {LABELS[r]}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={!reason} className="btn-primary mt-5 w-full py-3">
          Send report
        </button>
      </form>
    </Sheet>
  );
}
