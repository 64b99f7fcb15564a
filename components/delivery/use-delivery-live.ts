"use client";

import { useState } from "react";
import { deliveryDetailsSchema, etaUpdatedSchema, locationSchema, statusChangedSchema } from "@/lib/events/delivery";
import { fromDetails, withLocation, withStatus, type LiveDelivery } from "@/lib/client/delivery";
import { parsed, useChannel } from "@/components/realtime/use-channel";

/**
 * Joins a delivery topic (participant or tracking link) and keeps its live state. After a
 * reconnect the rejoin brings delivery_details again, which replaces whatever was missed.
 */
export function useDeliveryLive(topic: string | null) {
  const [live, setLive] = useState<LiveDelivery | null>(null);
  const reset = parsed(deliveryDetailsSchema, (d) => setLive(fromDetails(d)));
  const { channel, state, error } = useChannel(topic, {
    onJoin: reset,
    events: {
      delivery_details: reset,
      location_updated: parsed(locationSchema, (loc) => setLive((l) => l && withLocation(l, loc))),
      status_changed: parsed(statusChangedSchema, (c) => setLive((l) => l && withStatus(l, c))),
      eta_updated: parsed(etaUpdatedSchema, ({ eta_seconds }) =>
        setLive((l) => l && { ...l, eta: { seconds: eta_seconds, receivedAt: Date.now() } }),
      ),
    },
  });
  return { live, channel, state, error };
}
