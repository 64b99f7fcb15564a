"use client";

import { useEffect, useState } from "react";
import { useSocket } from "@/components/realtime/realtime-provider";

/**
 * Whether the device has a network, from the browser's online/offline events: a phone that loses
 * its network shows "Reconnecting…" at once instead of after a heartbeat timeout (up to 60 s).
 * Back online, the socket is reopened right away, since the old connection is likely dead
 * without having noticed; the rejoin brings delivery_details with whatever was missed.
 */
export function useOnline(): boolean {
  const socket = useSocket();
  const [online, setOnline] = useState(true);
  useEffect(() => {
    setOnline(navigator.onLine);
    const down = () => setOnline(false);
    const up = () => {
      setOnline(true);
      socket?.disconnect(() => socket.connect());
    };
    window.addEventListener("offline", down);
    window.addEventListener("online", up);
    return () => {
      window.removeEventListener("offline", down);
      window.removeEventListener("online", up);
    };
  }, [socket]);
  return online;
}
