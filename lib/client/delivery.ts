import { DELIVERY_STATUSES, type Delivery, type DeliveryDetails, type DeliveryStatus, type Location, type StatusChanged } from "@/lib/events/delivery";
import type { DeliveryRecord } from "@/lib/api/deliveries";
// The server's own rule table, so the buttons offered are exactly the moves it accepts.
import { checkStatusUpdate, DELIVERY_FLOW, type DeliveryRole } from "@/lib/delivery-rules";
import type { useMe } from "./queries";

type Me = NonNullable<ReturnType<typeof useMe>["data"]>;

/** Points kept for the trail; the server sends the last 50 on join. */
const TRAIL_POINTS = 200;

/** What a live delivery view knows; built from delivery_details and kept current by the other events. */
export interface LiveDelivery {
  delivery: Delivery;
  latest: Location | null;
  trail: Location[];
  eta: { seconds: number | null; receivedAt: number };
}

export function fromDetails(d: DeliveryDetails, now = Date.now()): LiveDelivery {
  return { delivery: d.delivery, latest: d.latest_location, trail: d.location_history, eta: { seconds: d.eta_seconds, receivedAt: now } };
}

export function withLocation(live: LiveDelivery, loc: Location): LiveDelivery {
  return { ...live, latest: loc, trail: [...live.trail, loc].slice(-TRAIL_POINTS) };
}

const ENDED: readonly DeliveryStatus[] = ["delivered", "cancelled"];

/**
 * status_changed only carries delivered_at, so the other milestones take the change's time. Once
 * the delivery ended the courier's position goes, as the server no longer sends it either.
 */
export function withStatus(live: LiveDelivery, c: StatusChanged): LiveDelivery {
  const d = live.delivery;
  return {
    ...live,
    ...(ENDED.includes(c.status) ? { latest: null, trail: [] } : {}),
    delivery: {
      ...d,
      status: c.status,
      updated_at: c.updated_at,
      delivered_at: c.delivered_at ?? d.delivered_at,
      picked_up_at: c.status === "picked_up" ? (d.picked_up_at ?? c.updated_at) : d.picked_up_at,
      cancelled_at: c.status === "cancelled" ? c.updated_at : d.cancelled_at,
    },
  };
}

export const STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: "Preparing",
  assigned: "Courier assigned",
  picked_up: "Picked up",
  in_transit: "On the way",
  delivered: "Delivered",
  cancelled: "Cancelled",
};

export interface TimelineStep {
  status: DeliveryStatus;
  label: string;
  state: "done" | "current" | "upcoming";
  at: string | null;
}

/** The happy path with the reached steps done; a cancellation ends the list where it happened. */
export function timeline(d: Delivery): TimelineStep[] {
  const times: Partial<Record<DeliveryStatus, string | null>> = {
    pending: d.created_at,
    picked_up: d.picked_up_at,
    delivered: d.delivered_at,
  };
  if (d.status === "cancelled") {
    const reached = DELIVERY_FLOW.filter((s) => times[s]);
    return [
      ...reached.map((s) => ({ status: s, label: STATUS_LABELS[s], state: "done" as const, at: times[s] ?? null })),
      { status: "cancelled", label: STATUS_LABELS.cancelled, state: "current", at: d.cancelled_at },
    ];
  }
  const index = DELIVERY_FLOW.indexOf(d.status);
  return DELIVERY_FLOW.map((s, i) => ({
    status: s,
    label: STATUS_LABELS[s],
    state: i < index ? "done" : i === index ? (s === "delivered" ? "done" : "current") : "upcoming",
    at: i <= index ? (times[s] ?? (i === index ? d.updated_at : null)) : null,
  }));
}

/** The viewer's roles on a delivery, as the server works them out. */
export function rolesFor(record: DeliveryRecord | undefined, me: Me | undefined): Set<DeliveryRole> {
  const roles = new Set<DeliveryRole>();
  if (!me) return roles;
  if (me.user.role === "admin") roles.add("admin");
  if (!record) return roles;
  if (record.courier_id === me.user.id) roles.add("courier");
  if (record.customer_id === me.user.id) roles.add("customer");
  if (me.shops.some((s) => s.id === record.shop.id)) roles.add("owner");
  return roles;
}

/** The status buttons to offer: the moves the server takes from this viewer by status alone. */
export function nextStatuses(delivery: Delivery, roles: ReadonlySet<DeliveryRole>): DeliveryStatus[] {
  const courierNamed = delivery.courier !== null;
  return DELIVERY_STATUSES.filter((to) => checkStatusUpdate(delivery.status, to, roles, { courierNamed }).ok);
}

export const ACTION_LABELS: Partial<Record<DeliveryStatus, string>> = {
  assigned: "Mark assigned",
  picked_up: "Mark picked up",
  in_transit: "Start delivery",
  delivered: "Mark delivered",
  cancelled: "Cancel delivery",
};

/** "4:05" for a countdown; hours only when needed. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}
