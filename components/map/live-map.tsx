"use client";

import { useEffect, useState, type ComponentType } from "react";
import type { MapDelivery } from "./map-types";

type LeafletMapComponent = ComponentType<{ deliveries: MapDelivery[] }>;

/**
 * Leaflet touches `window` on import and is the heaviest part of these pages, so it loads after
 * first paint. On a phone the network may drop before its chunks arrive: a failed load must not
 * take the page down (the ETA and timeline still work), and it is tried again once back online.
 */
function useLeafletMap(): { Map: LeafletMapComponent | null; failed: boolean } {
  const [Map, setMap] = useState<LeafletMapComponent | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    const load = () => {
      import("./leaflet-map").then(
        (module) => !cancelled && setMap(() => module.default),
        () => !cancelled && setFailed(true),
      );
    };
    const retry = () => {
      setFailed(false);
      load();
    };
    load();
    window.addEventListener("online", retry);
    return () => {
      cancelled = true;
      window.removeEventListener("online", retry);
    };
  }, []);
  return { Map, failed };
}

export interface LiveMapProps {
  deliveries: MapDelivery[];
  /** Describes the map for screen readers; the text around it carries the same facts. */
  label: string;
  className?: string;
}

/** The shared live map (delivery, tracking and shop pages). The box has a fixed height, so loading shifts nothing. */
export function LiveMap({ deliveries, label, className = "h-72 sm:h-96" }: LiveMapProps) {
  const { Map, failed } = useLeafletMap();
  return (
    <div role="region" aria-label={label} className={`relative isolate overflow-hidden rounded-2xl border border-white/10 bg-zinc-900 ${className}`}>
      {Map ? (
        <Map deliveries={deliveries} />
      ) : failed ? (
        <p className="grid size-full place-items-center p-4 text-center text-sm text-zinc-400">
          The map could not load. It will try again when the connection is back.
        </p>
      ) : (
        <div className="size-full animate-pulse bg-zinc-900" aria-hidden />
      )}
    </div>
  );
}
