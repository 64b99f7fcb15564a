import type { Location, StatusChanged } from "@/lib/events";
import { topics } from "@/lib/topics";
import type { AppContext } from "@/server/services/context";
import type { Delivery } from "@/server/store/tables/deliveries.table";
import { currentEta } from "./delivery-details";
import { mayShowPosition } from "./delivery-view";

/** Live updates carry nothing personal, so the participants' and the tracking-link topic get the same payload. */
export function announce(app: AppContext, delivery: Delivery, event: string, payload: unknown): void {
  app.broadcast(topics.delivery(delivery.id), event, payload);
  app.broadcast(topics.tracking(delivery.tracking_token), event, payload);
}

/** A courier's new point: always to the participants, to the tracking link only during the current trip. */
export function announceLocation(app: AppContext, delivery: Delivery, location: Location): void {
  app.broadcast(topics.delivery(delivery.id), "location_updated", location);
  if (mayShowPosition(delivery, "public", location.recorded_at)) app.broadcast(topics.tracking(delivery.tracking_token), "location_updated", location);
}

export function trackingUrl(app: AppContext, delivery: Delivery): string {
  return `${app.config.PUBLIC_URL}/track/${delivery.tracking_token}`;
}

export async function announceEta(app: AppContext, delivery: Delivery): Promise<number | null> {
  const eta_seconds = await currentEta(app.db, delivery);
  announce(app, delivery, "eta_updated", { eta_seconds });
  return eta_seconds;
}

/** After a committed status change: both topics, the new ETA, and a notification to the customer. */
export async function announceStatusChange(app: AppContext, delivery: Delivery): Promise<StatusChanged> {
  const changed: StatusChanged = { status: delivery.status, delivered_at: delivery.delivered_at, updated_at: delivery.updated_at };
  announce(app, delivery, "status_changed", changed);
  await announceEta(app, delivery);
  await app.notifier.notify({ type: "user", id: delivery.customer_id }, "delivery_update", {
    delivery_id: delivery.id,
    status: delivery.status,
    tracking_url: trackingUrl(app, delivery),
  });
  return changed;
}
