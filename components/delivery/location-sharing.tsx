"use client";

import { useEffect, useState } from "react";
import type { Channel } from "phoenix";
import { pushAsync } from "@/components/realtime/use-channel";
import { formatTime } from "@/lib/client/format";

/** The server stores one point per second per delivery; every 2 s leaves room for jitter. */
const SEND_EVERY_MS = 2000;

/** The courier's on/off switch for sharing the device's position on the delivery channel. */
export function LocationSharing({ channel, canSend }: { channel: Channel | null; canSend: boolean }) {
  const [on, setOn] = useState(false);
  const [sentAt, setSentAt] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const sharing = on && canSend && channel !== null;

  useEffect(() => {
    if (!sharing || !channel) return;
    if (!("geolocation" in navigator)) {
      setProblem("This device cannot share its location.");
      return;
    }
    let pending: { latitude: number; longitude: number } | null = null;
    let lastSent = 0;
    const send = () => {
      if (!pending || Date.now() - lastSent < SEND_EVERY_MS) return;
      const point = pending;
      pending = null;
      lastSent = Date.now();
      pushAsync(channel, "location_update", point)
        .then(() => {
          setSentAt(new Date().toISOString());
          setProblem(null);
        })
        .catch((e: Error) => setProblem(e.message === "rate_limited" ? null : `Not sent: ${e.message}`));
    };
    const watch = navigator.geolocation.watchPosition(
      (p) => {
        pending = { latitude: p.coords.latitude, longitude: p.coords.longitude };
        send();
      },
      (e) => setProblem(e.code === e.PERMISSION_DENIED ? "Location permission was denied." : "Location unavailable."),
      { enableHighAccuracy: true, maximumAge: 1000 },
    );
    // A position that arrived during the pause still goes out.
    const timer = setInterval(send, SEND_EVERY_MS);
    return () => {
      navigator.geolocation.clearWatch(watch);
      clearInterval(timer);
    };
  }, [sharing, channel]);

  return (
    <div className="rounded-xl bg-white/5 p-3">
      <div className="flex items-center justify-between gap-3">
        <span id="share-location-label" className="text-sm font-medium">
          Share my location
        </span>
        <button
          type="button"
          role="switch"
          aria-checked={on}
          aria-labelledby="share-location-label"
          disabled={!canSend}
          onClick={() => setOn((v) => !v)}
          className={`relative h-7 w-12 rounded-full transition focus-ring disabled:opacity-40 ${on ? "bg-emerald-500" : "bg-zinc-600"}`}
        >
          <span aria-hidden className={`absolute top-1 size-5 rounded-full bg-white transition-all ${on ? "left-6" : "left-1"}`} />
        </button>
      </div>
      <p className="mt-1 text-xs text-zinc-400" aria-live="polite">
        {!canSend
          ? "Available while the delivery is on its way."
          : problem ?? (sharing ? (sentAt ? `Sharing · last sent ${formatTime(sentAt)}` : "Sharing · waiting for a position…") : "Off")}
      </p>
    </div>
  );
}
