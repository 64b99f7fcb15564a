import { describe, expect, it } from "vitest";
import { updateDeliveryStatus } from "@/server/store/repositories/deliveries.repository";
import { useTestApp } from "../support/app";
import { useSocketPool } from "../support/channel-helpers";
import { nextEvent } from "../support/phoenix";

const t = useTestApp();
const pool = useSocketPool(t);

async function placedOrder(customer = "user456"): Promise<string> {
  const { status, body } = await t.api(customer, "POST", "/api/v1/orders", { product_id: "prod_124", quantity: 1 });
  expect(status).toBe(201);
  return body.order.id;
}

/** A paid order of user456's, shipped and assigned to courier1: its delivery id and order id. */
async function shippedOrder(): Promise<{ orderId: string; deliveryId: string }> {
  const orderId = await placedOrder();
  expect((await t.api("owner1", "POST", `/api/v1/orders/${orderId}/confirm`)).status).toBe(200);
  expect((await t.api("owner1", "POST", `/api/v1/orders/${orderId}/pay`)).status).toBe(200);
  const shipped = await t.api("owner1", "POST", `/api/v1/orders/${orderId}/delivery`, { customer_address: "1 Union Square W", latitude: 40.7359, longitude: -73.9911 });
  expect(shipped.status).toBe(201);
  expect((await t.api("owner1", "POST", `/api/v1/deliveries/${shipped.body.delivery.id}/assign`, { courier_id: "courier1" })).status).toBe(200);
  return { orderId, deliveryId: shipped.body.delivery.id };
}

const orderRow = (id: string) => t.app.context.db.selectFrom("orders").select(["status", "refund_status"]).where("id", "=", id).executeTakeFirst();
const deliveryStatus = async (id: string) => (await t.app.context.db.selectFrom("deliveries").select("status").where("id", "=", id).executeTakeFirst())?.status;

describe("a shopper cancels an order", () => {
  it("before payment: cancelled with no refund, the shop is told, and it stays cancelled", async () => {
    const shop = await pool.joinAs("owner1", "notifications:shop_shop_1");
    const orderId = await placedOrder();
    const notified = nextEvent(shop.channel, "new_notification");
    const cancelled = await t.api("user456", "POST", `/api/v1/orders/${orderId}/cancel`);
    expect(cancelled).toMatchObject({ status: 200, body: { order: { id: orderId, status: "cancelled", refund_status: null, cancelled_at: expect.any(String) } } });
    expect(await notified).toMatchObject({
      type: "order_cancelled",
      data: { order_id: orderId, product_name: "PocketCharge 10K Power Bank", customer_name: "Diego Alvarez", refund_due: false },
    });
    expect(await t.api("user456", "POST", `/api/v1/orders/${orderId}/cancel`)).toEqual({
      status: 409,
      body: { error: "invalid_transition", status: "cancelled", delivery_status: null },
    });
  });

  it("paid and assigned to a courier: the delivery is cancelled with it, live, and a refund is due", async () => {
    const { orderId, deliveryId } = await shippedOrder();
    const watcher = await pool.joinAs("user456", `delivery:delivery_${deliveryId}`);
    const changed = nextEvent(watcher.channel, "status_changed");
    const cancelled = await t.api("user456", "POST", `/api/v1/orders/${orderId}/cancel`);
    expect(cancelled.body.order).toMatchObject({ status: "cancelled", refund_status: "pending" });
    expect(await changed).toMatchObject({ status: "cancelled" });
    expect(await deliveryStatus(deliveryId)).toBe("cancelled");
    const listed = (await t.api("owner1", "GET", "/api/v1/shops/shop_1/orders")).body.orders.find((o: any) => o.id === orderId);
    expect(listed).toMatchObject({ status: "cancelled", refund_status: "pending", delivery: { status: "cancelled" } });
  });

  it("is refused once the courier picked it up, and for anyone but the shopper; nothing changes", async () => {
    const { orderId, deliveryId } = await shippedOrder();
    await updateDeliveryStatus(t.app.context.db, deliveryId, "picked_up", { from: "assigned" });
    expect(await t.api("user456", "POST", `/api/v1/orders/${orderId}/cancel`)).toEqual({
      status: 409,
      body: { error: "invalid_transition", status: "paid", delivery_status: "picked_up" },
    });
    for (const other of ["user789", "owner1"]) {
      expect(await t.api(other, "POST", `/api/v1/orders/${orderId}/cancel`)).toEqual({ status: 404, body: { error: "not_found" } });
    }
    expect((await t.api(null, "POST", `/api/v1/orders/${orderId}/cancel`)).status).toBe(401);
    expect(await orderRow(orderId)).toEqual({ status: "paid", refund_status: null });
    expect(await deliveryStatus(deliveryId)).toBe("picked_up");
  });
});
