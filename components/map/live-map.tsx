"use client";

import { useCallback, useEffect, useMemo, useState, type ComponentType } from "react";
import { tileOrigin } from "@/lib/map-tiles";
import { MapPreview } from "./map-preview";
import type { MapDelivery } from "./map-types";
import { initialMapView, type MapView } from "./map-view";

type LeafletMapComponent = ComponentType<{ deliveries: MapDelivery[]; view: MapView; onTilesShown: () => void }>;

const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 15_000;
const TILE_ORIGIN = tileOrigin();

let leafletMap: Promise<LeafletMapComponent> | null = null;
/** One load for the page, shared by every map on it; a failed load is tried afresh next time. */
function loadLeafletMap(): Promise<LeafletMapComponent> {
  leafletMap ??= import("./leaflet-map").then(
    (module) => module.default,
    (err: unknown) => {
      leafletMap = null;
      throw err;
    },
  );
  return leafletMap;
}
// The tiles are a map page's largest paint and come after Leaflet: start fetching it as soon as
// this code runs in the browser, beside hydration, rather than after it.
if (typeof window !== "undefined") loadLeafletMap().catch(() => undefined);

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
    let attempts = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      clearTimeout(timer);
      loadLeafletMap().then(
        (component) => !cancelled && setMap(() => component),
        () => {
          if (cancelled) return;
          setFailed(true);
          // The load may fail after the `online` event already fired: keep trying, slower each time.
          attempts += 1;
          timer = setTimeout(load, Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (attempts - 1)));
        },
      );
    };
    const retryNow = () => {
      attempts = 0;
      load();
    };
    load();
    window.addEventListener("online", retryNow);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      window.removeEventListener("online", retryNow);
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
  // Until Leaflet has created its map, the view follows the deliveries; then Leaflet's FitBounds does.
  const currentView = useMemo(() => initialMapView(deliveries), [deliveries]);
  const [mapView, setMapView] = useState<MapView | null>(null);
  if (Map && !mapView) setMapView(currentView);
  const [tilesShown, setTilesShown] = useState(false);
  const showTiles = useCallback(() => setTilesShown(true), []);
  return (
    <div role="region" aria-label={label} className={`relative isolate overflow-hidden rounded-2xl border border-white/10 bg-zinc-900 ${className}`}>
      {/* React puts it in the head: the connection to the tile server is open before the map asks. */}
      {TILE_ORIGIN ? <link rel="preconnect" href={TILE_ORIGIN} /> : null}
      {tilesShown ? null : <MapPreview view={mapView ?? currentView} />}
      {Map ? (
        <Map deliveries={deliveries} view={mapView ?? currentView} onTilesShown={showTiles} />
      ) : failed ? (
        <p className="relative grid size-full place-items-center p-4 text-center text-sm text-zinc-400">
          The map could not load. It will try again when the connection is back.
        </p>
      ) : null}
    </div>
  );
}
