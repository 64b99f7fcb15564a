"use client";

import { useEffect, useState } from "react";
import type { DeliveryStatus } from "@/lib/events/delivery";
import { isOpen } from "@/lib/delivery-rules";
import { formatCountdown } from "@/lib/client/delivery";

/** Counts down every second from the last eta_updated; each new estimate restarts it. */
export function EtaCountdown({ eta, status }: { eta: { seconds: number | null; receivedAt: number }; status: DeliveryStatus }) {
  const [now, setNow] = useState(() => Date.now());
  const counting = eta.seconds !== null && isOpen(status);
  useEffect(() => {
    if (!counting) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [counting]);

  let value: string;
  let hint: string | null = null;
  if (status === "delivered") value = "Arrived";
  else if (status === "cancelled") value = "—";
  else if (eta.seconds === null) value = "Calculating…";
  else {
    const left = Math.max(0, eta.seconds - (now - eta.receivedAt) / 1000);
    value = left < 30 ? "Arriving" : formatCountdown(left);
    hint = `about ${new Date(eta.receivedAt + eta.seconds * 1000).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}`;
  }
  return (
    <div className="min-w-32">
      <p className="text-xs font-medium uppercase tracking-wide text-zinc-400">{status === "delivered" ? "Delivery" : "Arrives in"}</p>
      {/* The server renders it a moment earlier, in its own time zone: the client's text wins. */}
      <p role="timer" aria-live="off" data-testid="eta" className="text-3xl font-bold tabular-nums" suppressHydrationWarning>
        {value}
      </p>
      <p className="h-5 text-sm text-zinc-400" suppressHydrationWarning>
        {hint}
      </p>
    </div>
  );
}
