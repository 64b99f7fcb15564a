import type { APIRequestContext } from "@playwright/test";
import { loadConfig } from "../../server/config";
import { TokenVerifier } from "../../server/socket/auth";

const verifier = new TokenVerifier(loadConfig().JWT_SECRET);

/** Calls /api/v1 as `userId` with a socket JWT signed like the app's (same secret as the server under test). */
export async function apiAs<T = any>(request: APIRequestContext, userId: string, method: "GET" | "POST", path: string, body?: object): Promise<T> {
  const token = await verifier.sign(userId, 600);
  const res = await request.fetch(`/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}` }, data: body });
  if (!res.ok()) throw new Error(`${method} ${path} as ${userId}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A published Hudson Tech (shop_1, owner1) product that every test may order. */
export const SHOP_1_PRODUCT = "prod_124";

/** Places an order as `customer` and returns its id (status "placed"). */
export async function placeOrder(request: APIRequestContext, customer: string): Promise<string> {
  const { order } = await apiAs(request, customer, "POST", "/orders", { product_id: SHOP_1_PRODUCT, quantity: 1 });
  return order.id;
}

export interface FreshDelivery {
  id: string;
  orderId: string;
  trackingToken: string;
  destination: { latitude: number; longitude: number };
}

/**
 * A delivery of its own for one test, so tests sharing the seeded database never fight over one:
 * an order by `customer`, confirmed and paid by owner1, shipped to Union Square and assigned to `courier`.
 */
export async function freshDelivery(request: APIRequestContext, customer = "user123", courier = "courier1"): Promise<FreshDelivery> {
  const orderId = await placeOrder(request, customer);
  await apiAs(request, "owner1", "POST", `/orders/${orderId}/confirm`);
  await apiAs(request, "owner1", "POST", `/orders/${orderId}/pay`);
  const destination = { latitude: 40.7359, longitude: -73.9911 };
  const { delivery } = await apiAs(request, "owner1", "POST", `/orders/${orderId}/delivery`, {
    customer_address: "1 Union Square W, New York, NY 10003",
    ...destination,
    origin: { latitude: 40.7536, longitude: -74.0021 },
  });
  await apiAs(request, "owner1", "POST", `/deliveries/${delivery.id}/assign`, { courier_id: courier });
  return { id: delivery.id, orderId, trackingToken: delivery.tracking_token, destination };
}
