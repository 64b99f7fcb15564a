import { mayCustomerCancel } from "@/lib/delivery-rules";
import type { OrderStatus } from "@/lib/api/orders";
import type { DeliveryStatus, OrderCancelledNotificationData } from "@/lib/events";
import { REASON } from "@/lib/protocol";
import type { AppContext } from "./context";
import { broadcastStatusChange } from "./deliveries/delivery-actions";
import { AccessError } from "./ownership";
import { findOpenDeliveryForOrder, updateDeliveryStatus } from "../store/repositories/deliveries.repository";
import { cancelOrder, findOrder } from "../store/repositories/orders.repository";
import { findProductById } from "../store/repositories/products.repository";
import { findUserById } from "../store/repositories/users.repository";
import type { Order } from "../store/tables/orders.table";

export type CancellationResult =
  | { ok: true; order: Order }
  | { ok: false; reason: typeof REASON.invalidTransition; status: OrderStatus; delivery_status: DeliveryStatus | null };

/**
 * The shopper cancels their order (lib/delivery-rules: until the courier picks it up). The order,
 * its delivery and the shop's notification (`order_cancelled`, saying whether a refund is due) are
 * written in one transaction; then both delivery topics hear it. Someone else's order is not found.
 */
export async function cancelOrderAsCustomer(app: AppContext, orderId: string, userId: string): Promise<CancellationResult> {
  const order = await findOrder(app.db, orderId);
  if (order?.customer_id !== userId) throw new AccessError(REASON.notFound);
  const delivery = await findOpenDeliveryForOrder(app.db, order.id);
  if (!mayCustomerCancel(order.status, delivery?.status ?? null)) {
    return { ok: false, reason: REASON.invalidTransition, status: order.status, delivery_status: delivery?.status ?? null };
  }
  const [product, customer] = await Promise.all([findProductById(app.db, order.product_id), findUserById(app.db, userId)]);
  const committed = await app.notifier.commit("order_cancel_notify", async (trx, notify) => {
    const cancelled = await cancelOrder(trx, order);
    // Compare-and-set on both rows: a courier's pick-up or the shop's move in between wins.
    const cancelledDelivery = delivery ? await updateDeliveryStatus(trx, delivery.id, "cancelled", { from: delivery.status }) : null;
    if (!cancelled || (delivery && !cancelledDelivery)) throw new ConcurrentChange();
    const data: OrderCancelledNotificationData = {
      order_id: order.id,
      product_name: product?.name ?? "",
      customer_name: customer?.display_name ?? "",
      refund_due: cancelled.refund_status === "pending",
    };
    await notify({ type: "shop", id: order.shop_id }, "order_cancelled", data);
    return { order: cancelled, delivery: cancelledDelivery };
  }).catch((err: unknown) => {
    if (err instanceof ConcurrentChange) return null;
    throw err;
  });
  if (!committed) return cancelOrderAsCustomer(app, orderId, userId);

  const { delivery: cancelledDelivery } = committed;
  if (cancelledDelivery) await app.afterCommit.run("order_cancel_broadcast", () => broadcastStatusChange(app, cancelledDelivery));
  return { ok: true, order: committed.order };
}

/** Rolls the cancellation back when a row moved on since it was read. */
class ConcurrentChange extends Error {}
