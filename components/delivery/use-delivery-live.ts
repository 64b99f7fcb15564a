"use client";

import { useState } from "react";
import {
  deliveryDetailsSchema,
  etaUpdatedSchema,
  locationSchema,
  statusChangedSchema,
  type DeliveryDetails,
} from "@/lib/events/delivery";
import { fromDetails, withLocation, withStatus, type LiveDelivery } from "@/lib/client/delivery";
import { parsed, useChannel } from "@/components/realtime/use-channel";

/**
 * Joins a delivery topic (participant or tracking link) and keeps its live state, starting from
 * server-rendered `initial` details when the page has them. After a reconnect the rejoin brings
 * delivery_details again, which replaces whatever was missed; `rejoining` is true meanwhile.
 */
export function useDeliveryLive(topic: string | null, initial: DeliveryDetails | null = null) {
  const [live, setLive] = useState<LiveDelivery | null>(() => (initial ? fromDetails(initial) : null));
  const [joinedOnce, setJoinedOnce] = useState(false);
  const reset = parsed(deliveryDetailsSchema, (d) => setLive(fromDetails(d)));
  const { channel, state, error } = useChannel(topic, {
    onJoin: (response) => {
      setJoinedOnce(true);
      reset(response);
    },
    events: {
      delivery_details: reset,
      location_updated: parsed(locationSchema, (loc) => setLive((l) => l && withLocation(l, loc))),
      status_changed: parsed(statusChangedSchema, (c) => setLive((l) => l && withStatus(l, c))),
      eta_updated: parsed(etaUpdatedSchema, ({ eta_seconds }) =>
        setLive((l) => l && { ...l, eta: { seconds: eta_seconds, receivedAt: Date.now() } }),
      ),
    },
  });
  return { live, channel, state, error, rejoining: joinedOnce && state === "joining" };
}
