"use client";

import { useEffect, useRef } from "react";
import L from "leaflet";
import { useMap } from "react-leaflet";
import type { LatLng } from "./map-types";

/** About the gap between two courier updates, so the marker keeps moving instead of jumping. */
const GLIDE_MS = 1000;

const easeInOut = (t: number) => (t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2);

/**
 * A marker that glides to each new position over ~1 s with requestAnimationFrame.
 * Imperative on purpose: react-leaflet's <Marker> would snap to `position` on every render.
 */
export function GlidingMarker({ position, icon, title }: { position: LatLng; icon: L.DivIcon; title: string }) {
  const map = useMap();
  const marker = useRef<L.Marker | null>(null);

  useEffect(() => {
    const m = L.marker([position.latitude, position.longitude], { icon, title, keyboard: false }).addTo(map);
    marker.current = m;
    return () => {
      m.remove();
      marker.current = null;
    };
    // Created once per map/icon; position changes are animated below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, icon, title]);

  useEffect(() => {
    const m = marker.current;
    if (!m) return;
    const from = m.getLatLng();
    const to = L.latLng(position.latitude, position.longitude);
    if (from.equals(to) || window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
      m.setLatLng(to);
      return;
    }
    const start = performance.now();
    let frame = 0;
    const step = (now: number) => {
      const t = Math.min(1, (now - start) / GLIDE_MS);
      const e = easeInOut(t);
      m.setLatLng([from.lat + (to.lat - from.lat) * e, from.lng + (to.lng - from.lng) * e]);
      if (t < 1) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    // A newer update starts its glide from wherever this one stopped.
    return () => cancelAnimationFrame(frame);
  }, [position.latitude, position.longitude]);

  return null;
}
