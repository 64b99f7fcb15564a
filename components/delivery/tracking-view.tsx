"use client";

import type { DeliveryDetails } from "@/lib/events/delivery";
import { topics } from "@/lib/topics";
import { DeliveryLivePanel } from "./delivery-live-panel";
import { useDeliveryLive } from "./use-delivery-live";

/** The public tracking link: read-only, no sign-in, first names only (the server strips the rest). */
export function TrackingView({ token, initial }: { token: string; initial: DeliveryDetails | null }) {
  const { live, state, error, rejoining } = useDeliveryLive(topics.tracking(token), initial);
  return <DeliveryLivePanel live={live} state={state} error={error} rejoining={rejoining} />;
}
