import { assignCourierSchema, createDeliverySchema, type DeliveryRecord } from "@/lib/api/deliveries";
import { SHIPPABLE_ORDER_STATUSES } from "@/lib/delivery-rules";
import type { AppContext } from "../../services/context";
import { assignDeliveryCourier, trackingUrl } from "../../services/deliveries/delivery-actions";
import { loadParties } from "../../services/deliveries/delivery-details";
import { toDeliveryView, toLocation } from "../../services/deliveries/delivery-view";
import { requireOwnOrder, requireOwnShop } from "../../services/ownership";
import {
  createDeliveryForOrder,
  findDeliveryById,
  findOpenDeliveryForOrder,
  latestLocation,
  listActiveDeliveriesByShop,
  listDeliveriesForParticipant,
} from "../../store/repositories/deliveries.repository";
import { findUserById, listUsersByRole } from "../../store/repositories/users.repository";
import type { Delivery } from "../../store/tables/deliveries.table";
import { requireUserId } from "./auth";
import { HttpError, readJson, sendJson, type ApiRouter } from "./router";

export function registerDeliveryRoutes(router: ApiRouter, app: AppContext): void {
  /** Participants get the channel view plus ids, the customer's contact and the tracking link. */
  async function toRecord(delivery: Delivery): Promise<DeliveryRecord> {
    const latest = await latestLocation(app.db, delivery.id);
    return {
      ...toDeliveryView(delivery, await loadParties(app.db, delivery), "participant"),
      order_id: delivery.order_id,
      customer_id: delivery.customer_id,
      courier_id: delivery.courier_id,
      customer_phone: delivery.customer_phone,
      tracking_token: delivery.tracking_token,
      tracking_url: trackingUrl(app, delivery),
      latest_location: latest ? toLocation(latest) : null,
    };
  }

  // POST /api/v1/orders/:orderId/delivery - shop owner; the order must be paid or confirmed
  router.add("POST", "/api/v1/orders/:orderId/delivery", async ({ req, res, params }) => {
    const { order } = await requireOwnOrder(app.db, await requireUserId(req, app.verifier), params.orderId);
    const body = await readJson(req, createDeliverySchema);
    if (!SHIPPABLE_ORDER_STATUSES.includes(order.status)) throw new HttpError(409, "order_not_shippable", { status: order.status });
    if (await findOpenDeliveryForOrder(app.db, order.id)) throw new HttpError(409, "delivery_exists");
    const destination = { latitude: body.latitude, longitude: body.longitude };
    const delivery = await createDeliveryForOrder(app.db, {
      orderId: order.id,
      customerAddress: body.customer_address,
      customerPhone: body.customer_phone ?? null,
      destination,
      origin: body.origin ?? destination,
    });
    if (!delivery) throw new HttpError(404, "not_found");
    sendJson(res, 201, { delivery: await toRecord(delivery) });
  });

  // POST /api/v1/deliveries/:id/assign - shop owner; status_changed goes to both delivery topics
  router.add("POST", "/api/v1/deliveries/:id/assign", async ({ req, res, params }) => {
    const delivery = await findDeliveryById(app.db, params.id);
    if (!delivery) throw new HttpError(404, "not_found");
    await requireOwnShop(app.db, await requireUserId(req, app.verifier), delivery.shop_id);
    const { courier_id } = await readJson(req, assignCourierSchema);
    if ((await findUserById(app.db, courier_id))?.role !== "courier") throw new HttpError(422, "not_a_courier");
    const assigned = await assignDeliveryCourier(app, delivery, courier_id);
    if (!assigned) throw new HttpError(409, "invalid_transition", { status: delivery.status });
    sendJson(res, 200, { delivery: await toRecord(assigned) });
  });

  // GET /api/v1/deliveries - the caller's deliveries as customer, courier or shop owner
  router.add("GET", "/api/v1/deliveries", async ({ req, res }) => {
    const userId = await requireUserId(req, app.verifier);
    const deliveries = await listDeliveriesForParticipant(app.db, userId);
    sendJson(res, 200, { deliveries: await Promise.all(deliveries.map(toRecord)) });
  });

  // GET /api/v1/shops/:shopId/deliveries - owner: the shop's active deliveries with their latest location
  router.add("GET", "/api/v1/shops/:shopId/deliveries", async ({ req, res, params }) => {
    await requireOwnShop(app.db, await requireUserId(req, app.verifier), params.shopId);
    const deliveries = await listActiveDeliveriesByShop(app.db, params.shopId);
    sendJson(res, 200, { deliveries: await Promise.all(deliveries.map(toRecord)) });
  });

  // GET /api/v1/couriers - owners and admins, to pick whom to assign
  router.add("GET", "/api/v1/couriers", async ({ req, res }) => {
    const user = await findUserById(app.db, await requireUserId(req, app.verifier));
    if (user?.role !== "owner" && user?.role !== "admin") throw new HttpError(403, "forbidden");
    const couriers = await listUsersByRole(app.db, "courier");
    sendJson(res, 200, { couriers: couriers.map((c) => ({ id: c.id, display_name: c.display_name })) });
  });
}
