// Delivery status rules, written once: the repository stores only these moves, the delivery channel
// and the API check them with the mover's roles, and the browser offers only the moves the viewer
// may make.
import type { OrderStatus } from "@/lib/api/orders";
import { DELIVERY_STATUSES, type DeliveryStatus } from "@/lib/events/delivery";
import { REASON } from "@/lib/protocol";

/** How a user relates to one delivery; a user may hold several roles (an admin who is also the customer). */
export type DeliveryRole = "owner" | "courier" | "customer" | "admin";

type Rule = { from: DeliveryStatus; to: DeliveryStatus; roles: DeliveryRole[] };

// Admin may make any valid move; the others only their own step of the flow.
const RULES: Rule[] = [
  { from: "pending", to: "assigned", roles: ["owner", "admin"] },
  { from: "assigned", to: "picked_up", roles: ["courier", "admin"] },
  { from: "picked_up", to: "in_transit", roles: ["courier", "admin"] },
  { from: "in_transit", to: "delivered", roles: ["courier", "admin"] },
  { from: "pending", to: "cancelled", roles: ["owner", "customer", "admin"] },
  { from: "assigned", to: "cancelled", roles: ["owner", "customer", "admin"] },
  { from: "picked_up", to: "cancelled", roles: ["owner", "admin"] },
  { from: "in_transit", to: "cancelled", roles: ["owner", "admin"] },
];

/** The happy path, in order: what a timeline shows. */
export const DELIVERY_FLOW: readonly DeliveryStatus[] = ["pending", "assigned", "picked_up", "in_transit", "delivered"];

/** Statuses of a delivery still under way (listed as active, cancellable). */
export const OPEN_STATUSES: readonly DeliveryStatus[] = DELIVERY_STATUSES.filter((s) => s !== "delivered" && s !== "cancelled");

/** Statuses in which the courier is on the road and sends locations: assigned means riding to the shop. */
export const MOVING_STATUSES: readonly DeliveryStatus[] = ["assigned", "picked_up", "in_transit"];

/** A courier is assigned, or replaced, until the parcel is picked up. */
export const COURIER_ASSIGNABLE_STATUSES: readonly DeliveryStatus[] = ["pending", "assigned"];

/** Orders a shop may ship. */
export const SHIPPABLE_ORDER_STATUSES: readonly OrderStatus[] = ["paid", "confirmed"];

/** Orders a shopper may still cancel, as long as no courier has picked the parcel up. */
export const CANCELLABLE_ORDER_STATUSES: readonly OrderStatus[] = ["placed", "confirmed", "paid"];

/**
 * Whether the shopper may cancel the order: until its courier picks it up (a delivery not yet
 * picked up is cancelled with it). A paid order is then marked for refund.
 */
export function mayCustomerCancel(orderStatus: OrderStatus, deliveryStatus: DeliveryStatus | null): boolean {
  if (!CANCELLABLE_ORDER_STATUSES.includes(orderStatus)) return false;
  return deliveryStatus === null || deliveryStatus === "cancelled" || COURIER_ASSIGNABLE_STATUSES.includes(deliveryStatus);
}

export const isOpen = (status: DeliveryStatus) => OPEN_STATUSES.includes(status);
export const isMoving = (status: DeliveryStatus) => MOVING_STATUSES.includes(status);

/** Whether `from` -> `to` is a move of the flow at all, whoever makes it. */
export function isTransition(from: DeliveryStatus, to: DeliveryStatus): boolean {
  return RULES.some((r) => r.from === from && r.to === to);
}

export type TransitionCheck = { ok: true } | { ok: false; reason: typeof REASON.forbidden | typeof REASON.invalidTransition };

/** Whether someone with `roles` may move a delivery from `from` to `to`. Validity is judged before permission. */
export function checkTransition(from: DeliveryStatus, to: DeliveryStatus, roles: ReadonlySet<DeliveryRole>): TransitionCheck {
  const rule = RULES.find((r) => r.from === from && r.to === to);
  if (!rule) return { ok: false, reason: REASON.invalidTransition };
  if (!rule.roles.some((role) => roles.has(role))) return { ok: false, reason: REASON.forbidden };
  return { ok: true };
}

/**
 * A move by status alone (the channel's `update_status`, the status buttons). Only the assign API
 * makes a delivery "assigned" without a courier named, since assigning names one.
 */
export function checkStatusUpdate(
  from: DeliveryStatus,
  to: DeliveryStatus,
  roles: ReadonlySet<DeliveryRole>,
  { courierNamed }: { courierNamed: boolean },
): TransitionCheck {
  const check = checkTransition(from, to, roles);
  if (check.ok && to === "assigned" && !courierNamed) return { ok: false, reason: REASON.invalidTransition };
  return check;
}
