"use client";

import { useEffect } from "react";
import { topics } from "@/lib/topics";
import type { LiveDelivery } from "@/lib/client/delivery";
import { useDeliveryLive } from "@/components/delivery/use-delivery-live";

/** Joins one delivery's channel and reports its live state up; renders nothing. */
export function LiveDeliverySource({ id, onChange }: { id: string; onChange: (id: string, live: LiveDelivery | null) => void }) {
  const { live } = useDeliveryLive(topics.delivery(id));
  useEffect(() => {
    if (live) onChange(id, live);
  }, [id, live, onChange]);
  useEffect(() => () => onChange(id, null), [id, onChange]);
  return null;
}
