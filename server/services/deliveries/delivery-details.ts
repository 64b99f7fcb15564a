import type { Kysely } from "kysely";
import type { DeliveryDetails } from "@/lib/events";
import type { Database } from "@/server/store/database";
import type { Delivery } from "@/server/store/tables/deliveries.table";
import { listLocationHistory } from "@/server/store/repositories/deliveries.repository";
import { findShopById } from "@/server/store/repositories/shops.repository";
import { findUserById } from "@/server/store/repositories/users.repository";
import { estimateEtaSeconds } from "./eta";
import { positionsVisibleSince, toDeliveryView, toLocation, type DeliveryAudience, type DeliveryParties } from "./delivery-view";

/** Enough of the path to draw it on the map. */
const HISTORY_POINTS = 50;

export async function loadParties(db: Kysely<Database>, delivery: Delivery): Promise<DeliveryParties> {
  const shop = await findShopById(db, delivery.shop_id);
  const courier = delivery.courier_id ? await findUserById(db, delivery.courier_id) : null;
  return { shop: { id: delivery.shop_id, name: shop?.name ?? "" }, courierName: courier?.display_name ?? null };
}

/** The join reply and `delivery_details` push: only the positions this audience may see. */
export async function loadDeliveryDetails(db: Kysely<Database>, delivery: Delivery, audience: DeliveryAudience): Promise<DeliveryDetails> {
  const since = positionsVisibleSince(delivery, audience);
  const history = since === null ? [] : await listLocationHistory(db, delivery.id, HISTORY_POINTS, since);
  const latest = history.at(-1);
  return {
    delivery: toDeliveryView(delivery, await loadParties(db, delivery), audience),
    latest_location: latest ? toLocation(latest) : null,
    location_history: history.map(toLocation),
    eta_seconds: await currentEta(db, delivery),
  };
}

/** The current ETA from the recent points. */
export async function currentEta(db: Kysely<Database>, delivery: Delivery): Promise<number | null> {
  return estimateEtaSeconds(delivery, await listLocationHistory(db, delivery.id, 5));
}
