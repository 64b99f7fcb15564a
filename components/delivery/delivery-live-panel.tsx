"use client";

import { memo, useMemo } from "react";
import type { JoinState } from "@/components/realtime/use-channel";
import { LiveMap } from "@/components/map/live-map";
import type { MapDelivery } from "@/components/map/map-types";
import { STATUS_LABELS, type LiveDelivery } from "@/lib/client/delivery";
import { useSessionStore } from "@/lib/client/session-store";
import { EtaCountdown } from "./eta-countdown";
import { StatusTimeline } from "./status-timeline";

const JOIN_ERRORS: Record<string, string> = {
  not_found: "This delivery does not exist, or the link has expired.",
  forbidden: "This delivery belongs to someone else.",
  unauthorized: "Sign in to see this delivery.",
};

interface Props {
  live: LiveDelivery | null;
  state: JoinState;
  error: string | null;
  /** The channel is joining again after it had joined: what shows may be behind. */
  rejoining: boolean;
  /** The viewer's controls (status buttons, location sharing), under the ETA. */
  children?: React.ReactNode;
}

/**
 * Map, ETA, timeline and connection state of one live delivery: shared by the participants' and the
 * public page. Memoized: the page around it re-renders when the socket arrives, this only when the delivery does.
 */
export const DeliveryLivePanel = memo(function DeliveryLivePanel({ live, state, error, rejoining, children }: Props) {
  const socketDown = useSessionStore((s) => s.status === "reconnecting");
  const mapDeliveries = useMemo<MapDelivery[]>(
    () =>
      live
        ? [
            {
              id: live.delivery.id,
              label: live.delivery.courier ? `Courier ${live.delivery.courier.name}` : "Delivery",
              courier: live.latest,
              trail: live.trail,
              destination: live.delivery.destination,
            },
          ]
        : [],
    [live],
  );

  if (state === "error") {
    return (
      <div role="alert" className="rounded-2xl border border-red-400/30 bg-red-950/40 p-6 text-red-100">
        {JOIN_ERRORS[error ?? ""] ?? `This delivery cannot be shown (${error}).`}
      </div>
    );
  }
  const reconnecting = socketDown || rejoining;
  const d = live?.delivery;
  return (
    <div className="grid gap-4 md:grid-cols-[1fr_20rem]" aria-busy={!live}>
      <div className="min-w-0 space-y-2">
        <div className="flex min-h-8 items-center gap-2">
          <h1 className="text-xl font-bold">{d ? `Order from ${d.shop.name}` : "Loading delivery…"}</h1>
          {reconnecting ? (
            <span role="status" className="ml-auto rounded-full bg-amber-400 px-3 py-1 text-xs font-semibold text-amber-950">
              Reconnecting…
            </span>
          ) : d && state === "joined" ? (
            <span className="ml-auto flex items-center gap-1.5 text-xs text-emerald-300">
              <span aria-hidden className="size-2 rounded-full bg-emerald-400" /> Live
            </span>
          ) : d ? (
            // The server rendered the first details: they show at once, but are live only once joined.
            <span className="ml-auto text-xs text-zinc-400">Connecting…</span>
          ) : null}
        </div>
        <LiveMap deliveries={mapDeliveries} label="Map of the courier's position, route so far and destination" />
      </div>
      <section aria-label="Delivery status" className="space-y-4 self-start rounded-2xl md:mt-10 border border-white/10 bg-zinc-900/60 p-4">
        {d && live ? (
          <>
            <div className="flex items-start justify-between gap-3">
              <EtaCountdown eta={live.eta} status={d.status} />
              <p data-testid="delivery-status" className="rounded-full bg-white/10 px-3 py-1 text-sm font-medium">
                {STATUS_LABELS[d.status]}
              </p>
            </div>
            <p className="text-sm text-zinc-300">
              {d.courier ? (
                <>
                  Courier: <span className="font-medium text-zinc-50">{d.courier.name}</span>
                </>
              ) : (
                "A courier will be assigned soon."
              )}
            </p>
            {children}
            <StatusTimeline delivery={d} />
          </>
        ) : (
          <div className="space-y-3" aria-hidden>
            <div className="h-16 animate-pulse rounded-lg bg-white/5" />
            <div className="h-40 animate-pulse rounded-lg bg-white/5" />
          </div>
        )}
      </section>
    </div>
  );
});
