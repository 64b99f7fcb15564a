import type { Kysely } from "kysely";
import type { Database } from "../database";
import { newId } from "../ids";
import { inTransaction } from "../transaction";
import type { OrderStatus } from "@/lib/api/orders";
import { CANCELLABLE_ORDER_STATUSES } from "@/lib/delivery-rules";
import type { Order, Payment } from "../tables/orders.table";
import type { DeliveryStatus } from "@/lib/events/delivery";

/** Places an order priced from the product; null when the product is missing or a draft. */
export async function createOrder(
  db: Kysely<Database>,
  customerId: string,
  productId: string,
  quantity: number,
  { id }: { id?: string } = {},
): Promise<Order | null> {
  if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError("quantity must be a positive integer");
  const product = await db
    .selectFrom("products")
    .select(["shop_id", "price_cents", "currency"])
    .where("id", "=", productId)
    .where("published_at", "is not", null)
    .executeTakeFirst();
  if (!product) return null;
  const order: Order = {
    id: id ?? newId("ord"),
    customer_id: customerId,
    shop_id: product.shop_id,
    product_id: productId,
    quantity,
    amount_cents: product.price_cents * quantity,
    currency: product.currency,
    status: "placed",
    created_at: new Date().toISOString(),
    confirmed_at: null,
    paid_at: null,
    cancelled_at: null,
    refund_status: null,
  };
  await db.insertInto("orders").values(order).execute();
  return order;
}

export async function findOrder(db: Kysely<Database>, id: string): Promise<Order | null> {
  return (await db.selectFrom("orders").selectAll().where("id", "=", id).executeTakeFirst()) ?? null;
}

// Each transition is a conditional UPDATE, so a concurrent or repeated call cannot skip a state.
async function transition(
  db: Kysely<Database>,
  id: string,
  from: OrderStatus[],
  set: Partial<Pick<Order, "status" | "confirmed_at" | "paid_at" | "cancelled_at" | "refund_status">>,
): Promise<Order | null> {
  const row = await db.updateTable("orders").set(set).where("id", "=", id).where("status", "in", from).returningAll().executeTakeFirst();
  return row ?? null;
}

/** placed → confirmed; null when the order is missing or not in 'placed'. */
export function confirmOrder(db: Kysely<Database>, id: string): Promise<Order | null> {
  return transition(db, id, ["placed"], { status: "confirmed", confirmed_at: new Date().toISOString() });
}

/** `from` → cancelled; a paid order is marked for refund. Null when the order is no longer in `from`. */
export async function cancelOrder(db: Kysely<Database>, order: Pick<Order, "id" | "status">): Promise<Order | null> {
  if (!CANCELLABLE_ORDER_STATUSES.includes(order.status)) return null;
  const refund_status = order.status === "paid" ? "pending" : null;
  return transition(db, order.id, [order.status], { status: "cancelled", cancelled_at: new Date().toISOString(), refund_status });
}

/** confirmed → paid plus a simulated payment row, in one transaction (`db`'s, when it is one); null when not 'confirmed'. */
export async function payOrder(db: Kysely<Database>, id: string): Promise<{ order: Order; payment: Payment } | null> {
  return inTransaction(db, async (trx) => {
    const now = new Date().toISOString();
    const order = await transition(trx, id, ["confirmed"], { status: "paid", paid_at: now });
    if (!order) return null;
    const payment: Payment = {
      id: newId("pay"),
      order_id: order.id,
      amount_cents: order.amount_cents,
      method: "simulated",
      status: "succeeded",
      created_at: now,
    };
    await trx.insertInto("payments").values(payment).execute();
    return { order, payment };
  });
}

export interface OrderWithDetails extends Order {
  product: { id: string; name: string; poster_url: string };
  shop: { id: string; name: string };
  delivery: { id: string; status: DeliveryStatus; tracking_token: string } | null;
}

/** A customer's or a shop's orders, newest first, with product, shop and delivery (when one exists). */
export async function listOrdersWithDetails(
  db: Kysely<Database>,
  by: { customerId: string } | { shopId: string },
): Promise<OrderWithDetails[]> {
  const rows = await db
    .selectFrom("orders as o")
    .innerJoin("products as p", "p.id", "o.product_id")
    .innerJoin("shops as s", "s.id", "o.shop_id")
    .leftJoin("deliveries as d", "d.order_id", "o.id")
    .selectAll("o")
    .select([
      "p.name as product_name",
      "p.poster_url as product_poster_url",
      "s.name as shop_name",
      "d.id as delivery_id",
      "d.status as delivery_status",
      "d.tracking_token as delivery_tracking_token",
    ])
    .where("customerId" in by ? "o.customer_id" : "o.shop_id", "=", "customerId" in by ? by.customerId : by.shopId)
    .orderBy("o.created_at", "desc")
    .orderBy("o.id", "desc")
    .execute();
  return rows.map(({ product_name, product_poster_url, shop_name, delivery_id, delivery_status, delivery_tracking_token, ...order }) => ({
    ...order,
    product: { id: order.product_id, name: product_name, poster_url: product_poster_url },
    shop: { id: order.shop_id, name: shop_name },
    delivery: delivery_id ? { id: delivery_id, status: delivery_status!, tracking_token: delivery_tracking_token! } : null,
  }));
}
