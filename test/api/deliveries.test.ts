import { describe, expect, it } from "vitest";
import { courierListResponseSchema, deliveryListResponseSchema, deliveryResponseSchema } from "@/lib/api/deliveries";
import { confirmOrder, createOrder } from "@/server/store/repositories/orders.repository";
import { useTestApp } from "../support/app";
import { join, nextEvent, phoenixSocket } from "../support/phoenix";

const t = useTestApp();

const destination = { customer_address: "1 Main St, New York, NY", latitude: 40.73, longitude: -73.99 };

describe("POST /api/v1/orders/:orderId/delivery and /deliveries/:id/assign", () => {
  it("lets the shop owner ship a paid order and assign a courier, announced on both topics", async () => {
    const order = (await createOrder(t.app.context.db, "user123", "prod_124", 1))!;
    const path = `/api/v1/orders/${order.id}/delivery`;
    // Placed, not yet confirmed.
    expect(await t.api("owner1", "POST", path, destination)).toMatchObject({ status: 409, body: { error: "order_not_shippable" } });
    await confirmOrder(t.app.context.db, order.id);
    expect((await t.api("user123", "POST", path, destination)).status).toBe(403);
    expect((await t.api(null, "POST", path, destination)).status).toBe(401);
    expect((await t.api("owner1", "POST", path, { ...destination, latitude: 123 })).status).toBe(422);
    // order_1001 already ships as delivery 67890.
    expect(await t.api("owner1", "POST", "/api/v1/orders/order_1001/delivery", destination)).toMatchObject({ status: 409, body: { error: "delivery_exists" } });

    const created = await t.api("owner1", "POST", path, { ...destination, customer_phone: "+1 555 0100" });
    expect(created.status).toBe(201);
    const { delivery } = deliveryResponseSchema.parse(created.body);
    expect(delivery).toMatchObject({ status: "pending", order_id: order.id, customer_id: "user123", courier_id: null, destination: { latitude: 40.73, longitude: -73.99 } });
    expect((await t.api("owner1", "POST", path, destination)).status).toBe(409);

    const socket = phoenixSocket(t.wsUrl, { token: await t.token("user123") });
    const customer = socket.channel(`delivery:delivery_${delivery.id}`, {});
    const tracker = socket.channel(`delivery:token_${delivery.tracking_token}`, {});
    expect((await join(customer)).status).toBe("ok");
    expect((await join(tracker)).status).toBe("ok");
    const atCustomer = nextEvent(customer, "status_changed");
    const atTracker = nextEvent(tracker, "status_changed");

    expect((await t.api("owner1", "POST", `/api/v1/deliveries/${delivery.id}/assign`, { courier_id: "user456" })).status).toBe(422);
    expect((await t.api("user123", "POST", `/api/v1/deliveries/${delivery.id}/assign`, { courier_id: "courier2" })).status).toBe(403);
    const assigned = await t.api("owner1", "POST", `/api/v1/deliveries/${delivery.id}/assign`, { courier_id: "courier2" });
    expect(assigned).toMatchObject({ status: 200, body: { delivery: { status: "assigned", courier_id: "courier2", courier: { name: "Lena Ortiz" } } } });
    expect(await atCustomer).toMatchObject({ status: "assigned", delivered_at: null });
    expect(await atTracker).toMatchObject({ status: "assigned" });
    socket.disconnect();

    // In transit, it can no longer be reassigned.
    expect((await t.api("owner1", "POST", "/api/v1/deliveries/67890/assign", { courier_id: "courier2" })).status).toBe(409);
  });
});

describe("listing deliveries", () => {
  it("GET /api/v1/deliveries: the caller's, as customer, courier or shop owner, with tracking tokens", async () => {
    for (const userId of ["user123", "courier1", "owner1"]) {
      const { status, body } = await t.api(userId, "GET", "/api/v1/deliveries");
      expect(status).toBe(200);
      const { deliveries } = deliveryListResponseSchema.parse(body);
      expect(deliveries.map((d) => d.id)).toEqual(expect.arrayContaining(["67890", "abc123", "test456"]));
      expect(deliveries.find((d) => d.id === "abc123")!.tracking_token).toBe("abc123track");
    }
    expect((await t.api("user456", "GET", "/api/v1/deliveries")).body).toEqual({ deliveries: [] });
    expect((await t.api(null, "GET", "/api/v1/deliveries")).status).toBe(401);
  });

  it("GET /api/v1/shops/:shopId/deliveries: the owner's active ones with their latest location", async () => {
    const { status, body } = await t.api("owner1", "GET", "/api/v1/shops/shop_1/deliveries");
    expect(status).toBe(200);
    const { deliveries } = deliveryListResponseSchema.parse(body);
    expect(deliveries.every((d) => !["delivered", "cancelled"].includes(d.status))).toBe(true);
    expect(deliveries.find((d) => d.id === "67890")!.latest_location).toMatchObject({ latitude: expect.any(Number) });
    expect(deliveries.find((d) => d.id === "test456")!.latest_location).toBeNull();
    expect((await t.api("owner2", "GET", "/api/v1/shops/shop_1/deliveries")).status).toBe(403);
  });

  it("GET /api/v1/couriers: owners and admins only", async () => {
    for (const userId of ["owner1", "admin"]) {
      const { couriers } = courierListResponseSchema.parse((await t.api(userId, "GET", "/api/v1/couriers")).body);
      expect(couriers.map((c) => c.id).sort()).toEqual(["courier1", "courier2"]);
    }
    expect((await t.api("user123", "GET", "/api/v1/couriers")).status).toBe(403);
    expect((await t.api("courier1", "GET", "/api/v1/couriers")).status).toBe(403);
  });
});
