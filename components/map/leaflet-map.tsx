"use client";

import "leaflet/dist/leaflet.css";
import { useEffect, useMemo, useRef, useState } from "react";
import L from "leaflet";
import { MapContainer, Marker, Polyline, TileLayer, useMap } from "react-leaflet";
import { GlidingMarker } from "./gliding-marker";
import { TILE_URL } from "@/lib/map-tiles";
import type { LatLng, MapDelivery } from "./map-types";
import { pointsOf, type MapView } from "./map-view";

const ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

// Div icons: no image files to resolve through the bundler, and they stay visible without tiles.
const courierIcon = L.divIcon({
  className: "courier-marker",
  html: '<span class="block size-6 rounded-full border-[3px] border-white bg-fuchsia-600 shadow-lg shadow-black/50"></span>',
  iconSize: [24, 24],
  iconAnchor: [12, 12],
});
const destinationIcon = L.divIcon({
  className: "destination-marker",
  html: '<svg viewBox="0 0 24 32" width="24" height="32" aria-hidden="true"><path d="M12 0C5.4 0 0 5.2 0 11.7 0 20.4 12 32 12 32s12-11.6 12-20.3C24 5.2 18.6 0 12 0z" fill="#f97316" stroke="#fff" stroke-width="2"/><circle cx="12" cy="12" r="4.5" fill="#fff"/></svg>',
  iconSize: [24, 32],
  iconAnchor: [12, 32],
});

const toTuple = (p: LatLng): L.LatLngTuple => [p.latitude, p.longitude];


const BOUNDS_OPTIONS: L.FitBoundsOptions = { padding: [32, 32], maxZoom: 16 };

/** Fits the view when the set of deliveries changes or a courier first appears; otherwise panning is the viewer's. */
function FitBounds({ deliveries }: { deliveries: MapDelivery[] }) {
  const map = useMap();
  const key = deliveries.map((d) => `${d.id}:${d.courier ? 1 : 0}`).join(",");
  // The map was created showing these deliveries (initialMapView).
  const fittedKey = useRef(key);
  useEffect(() => {
    if (key === fittedKey.current) return;
    fittedKey.current = key;
    const points = pointsOf(deliveries).map(toTuple);
    if (points.length === 1) map.setView(points[0], 15);
    else if (points.length > 1) map.fitBounds(L.latLngBounds(points), BOUNDS_OPTIONS);
    // Only when `key` changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, key]);
  return null;
}

interface Props {
  deliveries: MapDelivery[];
  /** The first view (MapContainer ignores later changes to it; FitBounds follows the deliveries). */
  view: MapView;
  /** The first view's tiles have loaded: the preview under the map can go. */
  onTilesShown: () => void;
}

export default function LeafletMap({ deliveries, view, onTilesShown }: Props) {
  const [tilesDown, setTilesDown] = useState(false);
  const tileEvents = useMemo(
    () => ({ tileerror: () => setTilesDown(true), tileload: () => setTilesDown(false), load: onTilesShown }),
    [onTilesShown],
  );
  // The map and its layers are created in two tasks, so neither blocks a phone's main thread for
  // long; the layers after the next frame, so the preview has painted before its tiles come again.
  const [layersShown, setLayersShown] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setLayersShown(true))));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return (
    <>
      {/* Transparent: the preview tiles under it show until its own have loaded. */}
      <MapContainer center={view.center} zoom={view.zoom} className="size-full" style={{ background: "transparent" }} scrollWheelZoom={false}>
        <FitBounds deliveries={deliveries} />
        {layersShown ? (
          <>
            <TileLayer url={TILE_URL} attribution={ATTRIBUTION} eventHandlers={tileEvents} />
            {deliveries.map((d) => (
              <DeliveryLayers key={d.id} delivery={d} />
            ))}
          </>
        ) : null}
      </MapContainer>
      {tilesDown ? (
        <p role="status" className="absolute left-14 right-2 top-2 z-[1000] rounded-lg bg-zinc-950/90 px-3 py-1.5 text-center text-xs text-zinc-200">
          Map tiles are unavailable; positions still update live.
        </p>
      ) : null}
    </>
  );
}

function DeliveryLayers({ delivery }: { delivery: MapDelivery }) {
  const trail = useMemo(() => delivery.trail.map(toTuple), [delivery.trail]);
  return (
    <>
      {trail.length > 1 ? <Polyline positions={trail} pathOptions={{ color: "#d946ef", weight: 4, opacity: 0.8 }} /> : null}
      <Marker position={toTuple(delivery.destination)} icon={destinationIcon} title={`${delivery.label}: destination`} keyboard={false} />
      {delivery.courier ? <GlidingMarker position={delivery.courier} icon={courierIcon} title={`${delivery.label}: courier`} /> : null}
    </>
  );
}
