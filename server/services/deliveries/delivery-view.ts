import type { Delivery as DeliveryPayload, Location } from "@/lib/events";
import type { Delivery, DeliveryLocation } from "@/server/store/tables/deliveries.table";

/** Who the view is for: a signed-in participant, or anyone holding the tracking link. */
export type DeliveryAudience = "participant" | "public";

export interface DeliveryParties {
  shop: { id: string; name: string };
  /** The courier's display name, null before assignment. */
  courierName: string | null;
}

/**
 * The one place a delivery row becomes a channel payload. Whitelisted fields only, so nothing
 * personal slips out: no customer phone, no user ids, no tracking token; the public audience
 * sees the courier's first name only.
 */
export function toDeliveryView(row: Delivery, parties: DeliveryParties, audience: DeliveryAudience): DeliveryPayload {
  const courierName = audience === "public" ? firstName(parties.courierName) : parties.courierName;
  return {
    id: row.id,
    status: row.status,
    customer_address: row.customer_address,
    destination: { latitude: row.dest_latitude, longitude: row.dest_longitude },
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

function firstName(name: string | null): string | null {
  return name?.trim().split(/\s+/)[0] ?? null;
}
