"use client";

import { useState } from "react";
import type { Channel } from "phoenix";
import type { DeliveryStatus } from "@/lib/events/delivery";
import { ACTION_LABELS } from "@/lib/client/delivery";
import { pushAsync } from "@/components/realtime/use-channel";

/** The status moves the viewer's roles allow, pushed as update_status; the channel echoes the change. */
export function StatusActions({ channel, next }: { channel: Channel | null; next: DeliveryStatus[] }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (next.length === 0) return null;

  const move = async (status: DeliveryStatus) => {
    if (!channel) return;
    if (status === "cancelled" && !window.confirm("Cancel this delivery?")) return;
    setBusy(true);
    setProblem(null);
    try {
      await pushAsync(channel, "update_status", { status });
    } catch (e) {
      setProblem(`Could not update: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {next.map((status) => (
          <button
            key={status}
            type="button"
            disabled={busy || !channel}
            onClick={() => void move(status)}
            className={status === "cancelled" ? "btn-ghost border border-white/15 text-sm" : "btn-primary text-sm"}
          >
            {ACTION_LABELS[status]}
          </button>
        ))}
      </div>
      {problem ? (
        <p role="alert" className="text-sm text-red-300">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
