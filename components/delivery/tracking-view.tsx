"use client";

import { topics } from "@/lib/topics";
import { DeliveryLivePanel } from "./delivery-live-panel";
import { useDeliveryLive } from "./use-delivery-live";

/** The public tracking link: read-only, no sign-in, first names only (the server strips the rest). */
export function TrackingView({ token }: { token: string }) {
  const { live, state, error } = useDeliveryLive(topics.tracking(token));
  return <DeliveryLivePanel live={live} state={state} error={error} />;
}
