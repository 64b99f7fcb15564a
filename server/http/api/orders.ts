import { createOrderSchema, type OrderView, type OrdersList, type PayOrderResponse } from "@/lib/api/orders";
import type { OrderConfirmedNotificationData, PaymentReceivedNotificationData } from "@/lib/events";
import { REASON } from "@/lib/protocol";
import type { AppContext } from "../../services/context";
import { requireOwnOrder, requireOwnShop } from "../../services/ownership";
import { confirmOrder, createOrder, listOrdersWithDetails, payOrder } from "../../store/repositories/orders.repository";
import { findProductById } from "../../store/repositories/products.repository";
import { cancelOrderAsCustomer } from "../../services/order-cancellation";
import { requireUserId } from "./auth";
import { HttpError, readJson, sendJson, type ApiRouter } from "./router";

export function registerOrderRoutes(router: ApiRouter, ctx: AppContext): void {
  // POST /api/v1/orders {product_id, quantity} - place an order for a published product
  router.add("POST", "/api/v1/orders", async ({ req, res }) => {
    const userId = await requireUserId(req, ctx.verifier);
    const { product_id, quantity } = await readJson(req, createOrderSchema);
    const order = await createOrder(ctx.db, userId, product_id, quantity);
    if (!order) throw new HttpError(404, REASON.notFound);
    sendJson(res, 201, { order: order satisfies OrderView });
  });

  // GET /api/v1/orders - the caller's orders, newest first
  router.add("GET", "/api/v1/orders", async ({ req, res }) => {
    const userId = await requireUserId(req, ctx.verifier);
    const body: OrdersList = { orders: await listOrdersWithDetails(ctx.db, { customerId: userId }) };
    sendJson(res, 200, body);
  });

  // GET /api/v1/shops/:shopId/orders - a shop's orders, for its owner
  router.add("GET", "/api/v1/shops/:shopId/orders", async ({ req, res, params }) => {
    const shop = await requireOwnShop(ctx.db, await requireUserId(req, ctx.verifier), params.shopId);
    const body: OrdersList = { orders: await listOrdersWithDetails(ctx.db, { shopId: shop.id }) };
    sendJson(res, 200, body);
  });

  // POST /api/v1/orders/:id/confirm - the shop's owner accepts a placed order
  router.add("POST", "/api/v1/orders/:id/confirm", async ({ req, res, params }) => {
    const { order, shop } = await requireOwnOrder(ctx.db, await requireUserId(req, ctx.verifier), params.id);
    const product = await findProductById(ctx.db, order.product_id);
    const confirmed = await ctx.notifier.commit("order_confirm_notify", async (trx, notify) => {
      const updated = await confirmOrder(trx, order.id);
      if (!updated) return null;
      const data: OrderConfirmedNotificationData = {
        order_id: order.id,
        shop_id: shop.id,
        shop_name: shop.name,
        product_name: product?.name ?? "",
      };
      await notify({ type: "user", id: order.customer_id }, "order_confirmed", data);
      return updated;
    });
    if (!confirmed) throw new HttpError(409, REASON.invalidTransition, { status: order.status });
    sendJson(res, 200, { order: confirmed satisfies OrderView });
  });

  // POST /api/v1/orders/:id/pay - the shop's owner records the (simulated) payment
  router.add("POST", "/api/v1/orders/:id/pay", async ({ req, res, params }) => {
    const { order, shop } = await requireOwnOrder(ctx.db, await requireUserId(req, ctx.verifier), params.id);
    const paid = await ctx.notifier.commit("order_pay_notify", async (trx, notify) => {
      const updated = await payOrder(trx, order.id);
      if (!updated) return null;
      const data: PaymentReceivedNotificationData = {
        order_id: order.id,
        amount: updated.payment.amount_cents / 100,
        currency: updated.order.currency,
      };
      await notify({ type: "user", id: order.customer_id }, "payment_received", data);
      await notify({ type: "shop", id: shop.id }, "payment_received", data);
      return updated;
    });
    if (!paid) throw new HttpError(409, REASON.invalidTransition, { status: order.status });
    const body: PayOrderResponse = paid;
    sendJson(res, 200, body);
  });

  // POST /api/v1/orders/:id/cancel - the shopper cancels their order until the courier picks it up
  router.add("POST", "/api/v1/orders/:id/cancel", async ({ req, res, params }) => {
    const result = await cancelOrderAsCustomer(ctx, params.id, await requireUserId(req, ctx.verifier));
    if (!result.ok) throw new HttpError(409, result.reason, { status: result.status, delivery_status: result.delivery_status });
    sendJson(res, 200, { order: result.order satisfies OrderView });
  });
}
