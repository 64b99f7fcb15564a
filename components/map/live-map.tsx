"use client";

import dynamic from "next/dynamic";
import type { MapDelivery } from "./map-types";

// Leaflet touches `window` on import and is the heaviest part of these pages: load it after first paint.
const LeafletMap = dynamic(() => import("./leaflet-map"), {
  ssr: false,
  loading: () => <div className="size-full animate-pulse bg-zinc-900" aria-hidden />,
});

export interface LiveMapProps {
  deliveries: MapDelivery[];
  /** Describes the map for screen readers; the text around it carries the same facts. */
  label: string;
  className?: string;
}

/** The shared live map (delivery, tracking and shop pages). The box has a fixed height, so loading shifts nothing. */
export function LiveMap({ deliveries, label, className = "h-72 sm:h-96" }: LiveMapProps) {
  return (
    <div role="region" aria-label={label} className={`relative isolate overflow-hidden rounded-2xl border border-white/10 bg-zinc-900 ${className}`}>
      <LeafletMap deliveries={deliveries} />
    </div>
  );
}
