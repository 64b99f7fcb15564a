import { checkStatusUpdate, type DeliveryRole, type TransitionCheck } from "@/lib/delivery-rules";
import type { DeliveryStatus, Location, LocationUpdate, StatusChanged } from "@/lib/events";
import { REASON } from "@/lib/protocol";
import { topics } from "@/lib/topics";
import type { AppContext } from "@/server/services/context";
import { assignCourier, insertLocationWhile, newLocation, updateDeliveryStatus } from "@/server/store/repositories/deliveries.repository";
import type { Delivery } from "@/server/store/tables/deliveries.table";
import { currentEta } from "./delivery-details";
import { estimateEtaSeconds } from "./eta";
import { liveDeliveries, type LiveDelivery } from "./live-deliveries";
import { mayShowPosition, toLocation } from "./delivery-view";
import { speedKmh } from "./geo";

// What happens to a delivery, whichever door it comes through (the delivery channel, the JSON API):
// the write commits first (with the customer's notification), then both delivery topics hear of it.

/** Status and ETA carry nothing personal, so the participants' and the tracking-link topic get the same payload. */
function announce(app: AppContext, delivery: Delivery, event: string, payload: unknown): void {
  app.broadcast(topics.delivery(delivery.id), event, payload);
  app.broadcast(topics.tracking(delivery.tracking_token), event, payload);
}

export function trackingUrl(app: AppContext, delivery: Delivery): string {
  return `${app.config.PUBLIC_URL}/track/${delivery.tracking_token}`;
}

function announceEta(app: AppContext, delivery: Delivery, eta_seconds: number | null): void {
  announce(app, delivery, "eta_updated", { eta_seconds });
}

function statusChanged(delivery: Delivery): StatusChanged {
  return { status: delivery.status, delivered_at: delivery.delivered_at, updated_at: delivery.updated_at };
}

/** After a committed status change: both topics hear it, with the new ETA. */
export async function broadcastStatusChange(app: AppContext, delivery: Delivery): Promise<void> {
  // Its courier or status is not what this node remembers any more.
  liveDeliveries(app).forget(delivery.id);
  announce(app, delivery, "status_changed", statusChanged(delivery));
  announceEta(app, delivery, await currentEta(app.db, delivery));
}

/**
 * A status change and the customer's notification of it, in one transaction: both are stored or
 * neither is. Then both topics and the customer's notification topic hear of it.
 */
async function changeStatusAndNotify(app: AppContext, change: (db: AppContext["db"]) => Promise<Delivery | null>): Promise<{ delivery: Delivery; changed: StatusChanged } | null> {
  const delivery = await app.notifier.commit("delivery_notify", async (trx, notify) => {
    const changed = await change(trx);
    if (changed) {
      const data = { delivery_id: changed.id, status: changed.status, tracking_url: trackingUrl(app, changed) };
      await notify({ type: "user", id: changed.customer_id }, "delivery_update", data);
    }
    return changed;
  });
  if (!delivery) return null;
  // Committed: the move is acknowledged even if the broadcast (which reads the ETA) fails.
  await app.afterCommit.run("delivery_broadcast", () => broadcastStatusChange(app, delivery));
  return { delivery, changed: statusChanged(delivery) };
}

/** The shop assigns (or replaces) the courier; null once the parcel is picked up. */
export async function assignDeliveryCourier(app: AppContext, delivery: Delivery, courierId: string): Promise<Delivery | null> {
  return (await changeStatusAndNotify(app, (db) => assignCourier(db, delivery.id, courierId)))?.delivery ?? null;
}

export type StatusChangeResult = { ok: true; changed: StatusChanged } | Extract<TransitionCheck, { ok: false }>;

/** Someone with `roles` on the delivery moves it to `status`, if the rules let those roles make that move. */
export async function changeDeliveryStatus(
  app: AppContext,
  delivery: Delivery,
  status: DeliveryStatus,
  roles: ReadonlySet<DeliveryRole>,
): Promise<StatusChangeResult> {
  const check = checkStatusUpdate(delivery.status, status, roles, { courierNamed: delivery.courier_id !== null });
  if (!check.ok) return check;
  // Compare-and-set on the status read: of two concurrent moves only one wins.
  const updated = await changeStatusAndNotify(app, (db) => updateDeliveryStatus(db, delivery.id, status, { from: delivery.status }));
  if (!updated) return { ok: false, reason: REASON.invalidTransition };
  return { ok: true, changed: updated.changed };
}

/**
 * The courier's position: stored with its speed since the previous point, in the next group
 * commit (so concurrent positions share a transaction), then the point and the new ETA go out.
 * Stored only while `courierId` is still the delivery's courier, its status still the one in
 * `live` and the latest stored point still `live`'s (another node may have stored some): null when
 * not, `live` is forgotten; read it again and decide again.
 */
export async function recordCourierLocation(app: AppContext, live: LiveDelivery, courierId: string, point: LocationUpdate): Promise<Location | null> {
  const { delivery } = live;
  const previous = live.recent.at(-1);
  const recordedAt = new Date();
  const speed = previous ? speedKmh(previous, new Date(previous.recorded_at), point, recordedAt) : null;
  const stored = newLocation({ deliveryId: delivery.id, ...point, speedKmh: speed, recordedAt });
  const lives = liveDeliveries(app);
  lives.remember(live, stored);
  // Measured from `previous`: stored only while it is still the latest point in the database.
  const standing = { courierId, status: delivery.status, latestPointId: previous?.id ?? null };
  let inserted: boolean;
  try {
    inserted = await app.writes.run(delivery.id, (trx) => insertLocationWhile(trx, stored, standing));
  } catch (err) {
    lives.forget(delivery.id); // `recent` holds a point that is not stored
    throw err;
  }
  if (!inserted) {
    lives.forget(delivery.id);
    return null;
  }
  const location = toLocation(stored);
  // Positions go to the tracking link only during the current trip.
  app.broadcast(topics.delivery(delivery.id), "location_updated", location);
  if (mayShowPosition(delivery, "public", location.recorded_at)) app.broadcast(topics.tracking(delivery.tracking_token), "location_updated", location);
  announceEta(app, delivery, estimateEtaSeconds(delivery, live.recent));
  return location;
}
