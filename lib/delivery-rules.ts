// Delivery status rules, shared by the server (which enforces them) and the browser (which
// offers only the moves the viewer may make).
import type { DeliveryStatus } from "@/lib/events";
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

export type TransitionCheck = { ok: true } | { ok: false; reason: typeof REASON.forbidden | typeof REASON.invalidTransition };

/** Whether someone with `roles` may move a delivery from `from` to `to`. Validity is judged before permission. */
export function checkTransition(from: DeliveryStatus, to: DeliveryStatus, roles: ReadonlySet<DeliveryRole>): TransitionCheck {
  const rule = RULES.find((r) => r.from === from && r.to === to);
  if (!rule) return { ok: false, reason: REASON.invalidTransition };
  if (!rule.roles.some((role) => roles.has(role))) return { ok: false, reason: REASON.forbidden };
  return { ok: true };
}

/** Statuses in which the courier is on the road and sends locations: assigned means riding to the shop. */
export const MOVING_STATUSES: readonly DeliveryStatus[] = ["assigned", "picked_up", "in_transit"];
