import type { DeliveryLocation, Delivery } from "@/server/store/tables/deliveries.table";
import { haversineKm, travelSeconds } from "./geo";

/** A city courier's typical speed, used until the recent points give a real one. */
export const DEFAULT_SPEED_KMH = 25;

/** How many of the latest points make the "recent average speed". */
export const RECENT_POINTS = 5;

/**
 * Seconds until arrival: remaining straight-line distance from the latest point (the shop before
 * any) to the destination, via the shop while the parcel is not picked up yet, over the average of
 * the recent moving speeds. 0 once delivered, null when cancelled. `recent` is oldest first, as
 * listLocationHistory returns it.
 */
export function estimateEtaSeconds(delivery: Delivery, recent: DeliveryLocation[]): number | null {
  if (delivery.status === "cancelled") return null;
  if (delivery.status === "delivered") return 0;
  const latest = recent.at(-1);
  const shop = { latitude: delivery.origin_latitude, longitude: delivery.origin_longitude };
  const destination = { latitude: delivery.dest_latitude, longitude: delivery.dest_longitude };
  const from = latest ?? shop;
  const beforePickup = delivery.status === "pending" || delivery.status === "assigned";
  const remainingKm = beforePickup ? haversineKm(from, shop) + haversineKm(shop, destination) : haversineKm(from, destination);
  // A courier waiting at a light (speed 0) should not make the ETA infinite.
  const moving = recent
    .slice(-RECENT_POINTS)
    .map((p) => p.speed_kmh)
    .filter((s): s is number => s !== null && s > 0);
  const kmh = moving.length > 0 ? moving.reduce((a, b) => a + b, 0) / moving.length : DEFAULT_SPEED_KMH;
  return travelSeconds(remainingKm, kmh);
}
