import type { Delivery as DeliveryPayload, DeliveryStatus, Location } from "@/lib/events";
import type { Delivery, DeliveryLocation } from "@/server/store/tables/deliveries.table";

/** Who the view is for: a signed-in participant, or anyone holding the tracking link. */
export type DeliveryAudience = "participant" | "public";

export interface DeliveryParties {
  shop: { id: string; name: string };
  /** The courier's display name, null before assignment. */
  courierName: string | null;
}

/** About 550 m of latitude: the public link shows the neighbourhood, never the doorstep. */
const PUBLIC_GRID_DEGREES = 0.005;
/** While the parcel is on its way: the public link shows the courier only then. */
const PUBLIC_TRIP_STATUSES: readonly DeliveryStatus[] = ["picked_up", "in_transit"];
const PARTICIPANT_POSITION_STATUSES: readonly DeliveryStatus[] = ["assigned", "picked_up", "in_transit"];
const ALL_OF_IT = "";

/**
 * The one place a delivery row becomes a channel payload. Whitelisted fields only, so nothing
 * personal slips out: no customer phone, no user ids, no tracking token; the public audience
 * sees the courier's first name only, no street address and a rounded destination.
 */
export function toDeliveryView(row: Delivery, parties: DeliveryParties, audience: DeliveryAudience): DeliveryPayload {
  const isPublic = audience === "public";
  const courierName = isPublic ? firstName(parties.courierName) : parties.courierName;
  const destination = { latitude: row.dest_latitude, longitude: row.dest_longitude };
  return {
    id: row.id,
    status: row.status,
    ...(isPublic ? {} : { customer_address: row.customer_address }),
    destination: isPublic ? { latitude: toGrid(destination.latitude), longitude: toGrid(destination.longitude) } : destination,
    origin: { latitude: row.origin_latitude, longitude: row.origin_longitude },
    shop: parties.shop,
    courier: courierName === null ? null : { name: courierName },
    created_at: row.created_at,
    updated_at: row.updated_at,
    picked_up_at: row.picked_up_at,
    delivered_at: row.delivered_at,
    cancelled_at: row.cancelled_at,
  };
}

export function toLocation(row: DeliveryLocation): Location {
  return { latitude: row.latitude, longitude: row.longitude, recorded_at: row.recorded_at, speed: row.speed_kmh };
}

/**
 * From when on this audience may see the courier's positions (an ISO time, "" for all of them),
 * or null for not at all: nobody sees a position after delivery or cancellation (the last point
 * sits on the doorstep), and the public link sees only the current trip, from pick-up on.
 */
export function positionsVisibleSince(row: Delivery, audience: DeliveryAudience): string | null {
  if (audience === "participant") return PARTICIPANT_POSITION_STATUSES.includes(row.status) ? ALL_OF_IT : null;
  return PUBLIC_TRIP_STATUSES.includes(row.status) ? (row.picked_up_at ?? ALL_OF_IT) : null;
}

/** Whether the point may go to this audience now (live updates). */
export function mayShowPosition(row: Delivery, audience: DeliveryAudience, recordedAt: string): boolean {
  const since = positionsVisibleSince(row, audience);
  return since !== null && recordedAt >= since;
}

/**
 * "complete": delivered or cancelled more than `hours` ago, so the public link no longer shows a
 * map at all, only that the delivery is complete.
 */
export function trackingLinkState(row: Delivery, hours: number, now = Date.now()): "live" | "complete" {
  const endedAt = row.status === "delivered" ? row.delivered_at : row.status === "cancelled" ? row.cancelled_at : null;
  return endedAt && now - Date.parse(endedAt) > hours * 3_600_000 ? "complete" : "live";
}

function toGrid(degrees: number): number {
  return Number((Math.round(degrees / PUBLIC_GRID_DEGREES) * PUBLIC_GRID_DEGREES).toFixed(3));
}

function firstName(name: string | null): string | null {
  return name?.trim().split(/\s+/)[0] ?? null;
}
