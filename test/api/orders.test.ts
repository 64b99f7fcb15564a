import { afterEach, describe, expect, it } from "vitest";
import { useTestApp } from "../support/app";
import { SocketPool } from "../support/channel-helpers";
import { nextEvent } from "../support/phoenix";

const t = useTestApp();
const pool = new SocketPool(() => t);

afterEach(() => pool.disconnectAll());

const notificationsOf = async (userId: string, topic: string) => (await pool.joinAs(userId, topic)).channel;

async function placeOrder(customerId: string, productId = "prod_124", quantity = 2) {
  const res = await t.api(customerId, "POST", "/api/v1/orders", { product_id: productId, quantity });
  expect(res.status).toBe(201);
  return res.body.order;
}

describe("placing and listing orders", () => {
  it("places an order priced from the product", async () => {
    const order = await placeOrder("user456");
    expect(order).toMatchObject({ customer_id: "user456", shop_id: "shop_1", product_id: "prod_124", quantity: 2, amount_cents: 7998, currency: "USD", status: "placed" });
  });

  it("refuses bad quantities, unknown and draft products, and anonymous callers", async () => {
    for (const quantity of [0, 21, 1.5]) {
      expect((await t.api("user456", "POST", "/api/v1/orders", { product_id: "prod_124", quantity })).status).toBe(422);
    }
    expect(await t.api("user456", "POST", "/api/v1/orders", { product_id: "prod_nope", quantity: 1 })).toEqual({ status: 404, body: { error: "not_found" } });
    expect((await t.api("user456", "POST", "/api/v1/orders", { product_id: "prod_128", quantity: 1 })).status).toBe(404);
    expect((await t.api(null, "POST", "/api/v1/orders", { product_id: "prod_124", quantity: 1 })).status).toBe(401);
    expect((await t.api(null, "GET", "/api/v1/orders")).status).toBe(401);
  });

  it("lists the caller's orders newest first with product, shop and delivery", async () => {
    const { status, body } = await t.api("user123", "GET", "/api/v1/orders");
    expect(status).toBe(200);
    expect(body.orders.map((o: { id: string }) => o.id)).toEqual(["order_1004", "order_1003", "order_1005", "order_1001", "order_1002"]);
    const withDelivery = body.orders.find((o: { id: string }) => o.id === "order_1001");
    expect(withDelivery.product).toEqual({ id: "prod_123", name: "AeroBuds Pro Wireless Earbuds", poster_url: expect.stringMatching(/\.jpg$/) });
    expect(withDelivery.shop).toEqual({ id: "shop_1", name: "Hudson Tech" });
    expect(withDelivery.delivery).toEqual({ id: "67890", status: "in_transit", tracking_token: "67890track" });
    expect(body.orders.find((o: { id: string }) => o.id === "order_1004").delivery).toBeNull();
  });

  it("shows a shop's orders to its owner only", async () => {
    const owner = await t.api("owner2", "GET", "/api/v1/shops/shop_3/orders");
    expect(owner.status).toBe(200);
    expect(owner.body.orders.map((o: { id: string }) => o.id)).toEqual(["order_1004"]);
    expect(await t.api("owner1", "GET", "/api/v1/shops/shop_3/orders")).toEqual({ status: 403, body: { error: "forbidden" } });
    expect(await t.api("user123", "GET", "/api/v1/shops/shop_3/orders")).toEqual({ status: 403, body: { error: "forbidden" } });
    expect((await t.api("owner2", "GET", "/api/v1/shops/shop_nope/orders")).status).toBe(404);
  });
});

describe("confirming and paying", () => {
  it("confirm and pay notify order_confirmed and payment_received on the notification channels", async () => {
    const order = await placeOrder("user456");
    const customer = await notificationsOf("user456", "notifications:user_user456");
    const shop = await notificationsOf("owner1", "notifications:shop_shop_1");

    const confirmedNotification = nextEvent(customer, "new_notification");
    const confirmed = await t.api("owner1", "POST", `/api/v1/orders/${order.id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.order).toMatchObject({ id: order.id, status: "confirmed" });
    const confirmation = await confirmedNotification;
    expect(confirmation.type).toBe("order_confirmed");
    expect(confirmation.data).toEqual({ order_id: order.id, shop_id: "shop_1", shop_name: "Hudson Tech", product_name: "PocketCharge 10K Power Bank" });

    const paidForCustomer = nextEvent(customer, "new_notification");
    const paidForShop = nextEvent(shop, "new_notification");
    const paid = await t.api("owner1", "POST", `/api/v1/orders/${order.id}/pay`);
    expect(paid.status).toBe(200);
    expect(paid.body.order).toMatchObject({ status: "paid" });
    expect(paid.body.payment).toMatchObject({ order_id: order.id, amount_cents: 7998, method: "simulated", status: "succeeded" });
    for (const notification of [await paidForCustomer, await paidForShop]) {
      expect(notification.type).toBe("payment_received");
      expect(notification.data).toEqual({ order_id: order.id, amount: 79.98, currency: "USD" });
    }
    const payments = await t.app.context.db.selectFrom("payments").selectAll().where("order_id", "=", order.id).execute();
    expect(payments).toHaveLength(1);
  });

  it("lets only the shop's owner confirm or pay, and only in order (409 otherwise)", async () => {
    const order = await placeOrder("user456");
    expect(await t.api("user456", "POST", `/api/v1/orders/${order.id}/confirm`)).toEqual({ status: 403, body: { error: "forbidden" } });
    expect(await t.api("owner2", "POST", `/api/v1/orders/${order.id}/confirm`)).toEqual({ status: 403, body: { error: "forbidden" } });
    expect((await t.api(null, "POST", `/api/v1/orders/${order.id}/confirm`)).status).toBe(401);
    expect((await t.api("owner1", "POST", "/api/v1/orders/ord_nope/confirm")).status).toBe(404);

    expect(await t.api("owner1", "POST", `/api/v1/orders/${order.id}/pay`)).toEqual({ status: 409, body: { error: "invalid_transition", status: "placed" } });
    expect((await t.api("owner1", "POST", `/api/v1/orders/${order.id}/confirm`)).status).toBe(200);
    expect((await t.api("owner1", "POST", `/api/v1/orders/${order.id}/confirm`)).status).toBe(409);
    expect(await t.api("user456", "POST", `/api/v1/orders/${order.id}/pay`)).toEqual({ status: 403, body: { error: "forbidden" } });
    expect((await t.api("owner1", "POST", `/api/v1/orders/${order.id}/pay`)).status).toBe(200);
    expect((await t.api("owner1", "POST", `/api/v1/orders/${order.id}/pay`)).status).toBe(409);
    const stored = await t.app.context.db.selectFrom("payments").select("id").where("order_id", "=", order.id).execute();
    expect(stored).toHaveLength(1);
  });
});
