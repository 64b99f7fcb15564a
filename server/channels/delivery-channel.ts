import { deliveryEvents } from "@/lib/events";
import { REASON } from "@/lib/protocol";
import { parseTopic } from "@/lib/topics";
import { defineChannel, error, joined, ok, refused, type ChannelContext, type JoinResult } from "../channel/channel";
import type { TokenBucket } from "../limits/limiter-store";
import type { AppContext } from "../services/context";
import { changeDeliveryStatus, recordCourierLocation } from "../services/deliveries/delivery-actions";
import { currentEta, loadDeliveryDetails } from "../services/deliveries/delivery-details";
import { deliveryRoles, participantRoles } from "../services/deliveries/delivery-roles";
import { liveDeliveries, type LiveDelivery } from "../services/deliveries/live-deliveries";
import { authorize, relationsOf, type Relation, type Subject } from "../services/permissions";
import type { DeliveryRole } from "@/lib/delivery-rules";
import { trackingLinkState, type DeliveryAudience } from "../services/deliveries/delivery-view";
import { findDeliveryById, findDeliveryByToken } from "../store/repositories/deliveries.repository";
import type { Delivery } from "../store/tables/deliveries.table";

interface DeliveryState {
  deliveryId: string;
  /** `tracking` on the tracking-link topic, which is read-only. */
  subject: Subject;
  /** null on the tracking-link topic, which is read-only. */
  userId: string | null;
  audience: DeliveryAudience;
}

/**
 * One stored point a second per delivery, whichever socket sends it (a limit every node shares),
 * as a token bucket of 2: a courier's 1-second timer that fires late, then on time, passes (a burst
 * of 2), and so does a steady 1/s however its points bunch on the way; a sustained 2/s does not.
 */
const LOCATION_LIMIT: TokenBucket = { capacity: 2, perSecond: 1 };
/** A position races a change of its delivery at most this often before the caller hears of it. */
const LOCATION_TRIES = 3;

export function createDeliveryChannel(app: AppContext) {
  const locationLimiter = app.limits.shared("delivery_location", LOCATION_LIMIT);
  const lives = liveDeliveries(app);

  async function findJoinable(topic: string, userId: string | null): Promise<{ delivery: Delivery; state: DeliveryState } | { refusal: string }> {
    const parsed = parseTopic(topic);
    if (parsed?.kind === "tracking") {
      const delivery = await findDeliveryByToken(app.db, parsed.trackingToken);
      // Some hours after the end the link shows no map any more: nothing to join.
      if (!delivery || trackingLinkState(delivery, app.config.TRACKING_LINK_HOURS) === "complete") return { refusal: REASON.notFound };
      return { delivery, state: { deliveryId: delivery.id, subject: "tracking", userId: null, audience: "public" } };
    }
    if (parsed?.kind !== "delivery") return { refusal: REASON.notFound };
    if (!userId) {
      // Anonymous callers learn nothing, not even whether the delivery exists.
      const decision = authorize("delivery", "join", relationsOf(null, []));
      if (!decision.ok) return { refusal: decision.reason };
    }
    const delivery = await findDeliveryById(app.db, parsed.deliveryId);
    if (!delivery) return { refusal: REASON.notFound };
    const decision = authorize("delivery", "join", relationsOf(userId, await rolesOn(delivery, userId)));
    if (!decision.ok) return { refusal: decision.reason };
    return { delivery, state: { deliveryId: delivery.id, subject: "delivery", userId, audience: "participant" } };
  }

  const rolesOn = async (delivery: Delivery, userId: string | null): Promise<ReadonlySet<DeliveryRole>> =>
    userId ? deliveryRoles(app.db, delivery, userId) : new Set();

  /** The delivery as it is now and the caller's roles on it (read fresh), when they allow `action` in its status. */
  async function authorizeEvent(state: DeliveryState, action: string): Promise<{ delivery: Delivery; roles: ReadonlySet<DeliveryRole> } | { refusal: string }> {
    const delivery = await findDeliveryById(app.db, state.deliveryId);
    if (!delivery) return { refusal: REASON.notFound };
    const roles = await rolesOn(delivery, state.userId);
    const relations: ReadonlySet<Relation> = state.subject === "tracking" ? new Set(["link_holder"]) : relationsOf(state.userId, roles);
    const decision = authorize(state.subject, action, relations, delivery.status);
    return decision.ok ? { delivery, roles } : { refusal: decision.reason };
  }

  /**
   * A position's permission, from the delivery as this node remembers it (no read); a refusal is
   * decided again on a fresh read, since another node may have changed the delivery meanwhile.
   */
  async function authorizeLocation(state: DeliveryState): Promise<{ live: LiveDelivery; courierId: string } | { refusal: string }> {
    const live = await lives.get(state.deliveryId);
    if (live && state.userId) {
      const relations = relationsOf(state.userId, participantRoles(live.delivery, live.shop, state.userId));
      if (authorize(state.subject, "location_update", relations, live.delivery.status).ok) return { live, courierId: state.userId };
    }
    const fresh = await authorizeEvent(state, "location_update");
    if ("refusal" in fresh) return fresh;
    // Allowed after all: what this node remembered was behind the database.
    lives.forget(state.deliveryId);
    const reread = await lives.get(state.deliveryId);
    return reread && state.userId ? { live: reread, courierId: state.userId } : { refusal: REASON.notFound };
  }

  async function pushDetails(ctx: ChannelContext<DeliveryState>): Promise<void> {
    const delivery = await findDeliveryById(app.db, ctx.state.deliveryId);
    if (delivery) ctx.push("delivery_details", await loadDeliveryDetails(app.db, delivery, ctx.state.audience));
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

    afterJoin: pushDetails,
    // Positions and status changes may have been missed: the details hold the latest of both.
    resync: pushDetails,

    handleIn: {
      async location_update(ctx, point) {
        for (let tries = 0; tries < LOCATION_TRIES; tries++) {
          const allowed = await authorizeLocation(ctx.state);
          if ("refusal" in allowed) return error(allowed.refusal);
          if (tries === 0 && !(await locationLimiter.take(ctx.state.deliveryId))) return error(REASON.rateLimited);
          // null: the delivery changed since it was read (another node reassigned or moved it).
          const location = await recordCourierLocation(app, allowed.live, allowed.courierId, point);
          if (location) return ok(location);
        }
        return error(REASON.invalidTransition);
      },

      async update_status(ctx, { status }) {
        const allowed = await authorizeEvent(ctx.state, "update_status");
        if ("refusal" in allowed) return error(allowed.refusal);
        const result = await changeDeliveryStatus(app, allowed.delivery, status, allowed.roles);
        return result.ok ? ok(result.changed) : error(result.reason);
      },

      async get_eta(ctx) {
        const allowed = await authorizeEvent(ctx.state, "get_eta");
        if ("refusal" in allowed) return error(allowed.refusal);
        const eta_seconds = await currentEta(app.db, allowed.delivery);
        ctx.push("eta_updated", { eta_seconds });
        return ok({ eta_seconds });
      },
    },
  });
}
