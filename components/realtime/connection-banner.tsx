"use client";

import { useSessionStore } from "@/lib/client/session-store";

/** A thin banner while the socket is down; phoenix reconnects and rejoins by itself meanwhile. */
export function ConnectionBanner() {
  const status = useSessionStore((s) => s.status);
  if (status !== "reconnecting") return null;
  return (
    <div
      role="status"
      aria-live="polite"
      className="fixed inset-x-0 top-14 z-50 flex justify-center px-3 pt-2 pointer-events-none"
    >
      <span className="flex items-center gap-2 rounded-full bg-amber-500/95 px-4 py-1.5 text-sm font-medium text-amber-950 shadow-lg">
        <span className="size-2 animate-pulse rounded-full bg-amber-950" aria-hidden />
        Reconnecting…
      </span>
    </div>
  );
}
