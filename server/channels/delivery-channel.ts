import { deliveryEvents } from "@/lib/events";
import { REASON } from "@/lib/protocol";
import { parseTopic } from "@/lib/topics";
import { defineChannel, error, joined, ok, refused, type JoinResult } from "../channel/channel";
import type { RateLimit } from "../limits/limiter-store";
import type { AppContext } from "../services/context";
import { changeDeliveryStatus, recordCourierLocation } from "../services/deliveries/delivery-actions";
import { currentEta, loadDeliveryDetails } from "../services/deliveries/delivery-details";
import { deliveryRoles } from "../services/deliveries/delivery-roles";
import { trackingLinkState, type DeliveryAudience } from "../services/deliveries/delivery-view";
import { findDeliveryById, findDeliveryByToken } from "../store/repositories/deliveries.repository";
import type { Delivery } from "../store/tables/deliveries.table";
import { isMoving } from "@/lib/delivery-rules";

interface DeliveryState {
  deliveryId: string;
  /** null on the tracking-link topic, which is read-only. */
  userId: string | null;
  audience: DeliveryAudience;
}

/** One stored point per second per delivery, whichever socket sends it (a limit every node shares). */
const LOCATION_LIMIT: RateLimit = { points: 1, seconds: 1 };

export function createDeliveryChannel(app: AppContext) {
  const locationLimiter = app.limits.shared("delivery_location", LOCATION_LIMIT);

  async function findJoinable(topic: string, userId: string | null): Promise<{ delivery: Delivery; state: DeliveryState } | { refusal: string }> {
    const parsed = parseTopic(topic);
    if (parsed?.kind === "tracking") {
      const delivery = await findDeliveryByToken(app.db, parsed.trackingToken);
      // Some hours after the end the link shows no map any more: nothing to join.
      if (!delivery || trackingLinkState(delivery, app.config.TRACKING_LINK_HOURS) === "complete") return { refusal: REASON.notFound };
      return { delivery, state: { deliveryId: delivery.id, userId: null, audience: "public" } };
    }
    if (parsed?.kind !== "delivery") return { refusal: REASON.notFound };
    // Anonymous callers learn nothing, not even whether the delivery exists.
    if (!userId) return { refusal: REASON.unauthorized };
    const delivery = await findDeliveryById(app.db, parsed.deliveryId);
    if (!delivery) return { refusal: REASON.notFound };
    if ((await deliveryRoles(app.db, delivery, userId)).size === 0) return { refusal: REASON.forbidden };
    return { delivery, state: { deliveryId: delivery.id, userId, audience: "participant" } };
  }

  return defineChannel({
    name: "delivery",
    patterns: ["delivery:delivery_*", "delivery:token_*"],
    // The tracking link is the whole credential there: whoever holds it sees the public view.
    isPublic: (topic) => parseTopic(topic)?.kind === "tracking",
    events: deliveryEvents,

    async join(ctx, _payload): Promise<JoinResult<DeliveryState>> {
      const found = await findJoinable(ctx.topic, ctx.user?.userId ?? null);
      if ("refusal" in found) return refused(found.refusal);
      return joined(await loadDeliveryDetails(app.db, found.delivery, found.state.audience), found.state);
    },

    async afterJoin(ctx) {
      const delivery = await findDeliveryById(app.db, ctx.state.deliveryId);
      if (delivery) ctx.push("delivery_details", await loadDeliveryDetails(app.db, delivery, ctx.state.audience));
    },

    handleIn: {
      async location_update(ctx, point) {
        const { userId } = ctx.state;
        if (!userId) return error(REASON.forbidden);
        const delivery = await findDeliveryById(app.db, ctx.state.deliveryId);
        if (!delivery) return error(REASON.notFound);
        if (delivery.courier_id !== userId) return error(REASON.forbidden);
        if (!isMoving(delivery.status)) return error(REASON.invalidTransition);
        if (!(await locationLimiter.take(delivery.id))) return error(REASON.rateLimited);
        return ok(await recordCourierLocation(app, delivery, point));
      },

      async update_status(ctx, { status }) {
        const { userId } = ctx.state;
        if (!userId) return error(REASON.forbidden);
        const delivery = await findDeliveryById(app.db, ctx.state.deliveryId);
        if (!delivery) return error(REASON.notFound);
        const result = await changeDeliveryStatus(app, delivery, status, userId);
        return result.ok ? ok(result.changed) : error(result.reason);
      },

      async get_eta(ctx) {
        const delivery = await findDeliveryById(app.db, ctx.state.deliveryId);
        if (!delivery) return error(REASON.notFound);
        const eta_seconds = await currentEta(app.db, delivery);
        ctx.push("eta_updated", { eta_seconds });
        return ok({ eta_seconds });
      },
    },
  });
}
