import { z } from "zod";
import { deliveryStatusSchema } from "../events/delivery";

// Request and response shapes of the orders API (/api/v1/orders, /api/v1/shops/:shopId/orders).

export const ORDER_MAX_QUANTITY = 20;

export const createOrderSchema = z.object({
  product_id: z.string().min(1).max(128),
  quantity: z.number().int().min(1).max(ORDER_MAX_QUANTITY),
});

export const orderStatusSchema = z.enum(["placed", "confirmed", "paid", "cancelled"]);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const refundStatusSchema = z.enum(["pending"]);
export type RefundStatus = z.infer<typeof refundStatusSchema>;

export const orderSchema = z.object({
  id: z.string(),
  customer_id: z.string(),
  shop_id: z.string(),
  product_id: z.string(),
  quantity: z.number().int(),
  amount_cents: z.number().int(),
  currency: z.string(),
  status: orderStatusSchema,
  created_at: z.string(),
  confirmed_at: z.string().nullable(),
  paid_at: z.string().nullable(),
  cancelled_at: z.string().nullable(),
  refund_status: refundStatusSchema.nullable(),
});

export const orderWithDetailsSchema = orderSchema.extend({
  product: z.object({ id: z.string(), name: z.string(), poster_url: z.string() }),
  shop: z.object({ id: z.string(), name: z.string() }),
  delivery: z.object({ id: z.string(), status: deliveryStatusSchema, tracking_token: z.string() }).nullable(),
});

export const orderResponseSchema = z.object({ order: orderSchema });
export const ordersListSchema = z.object({ orders: z.array(orderWithDetailsSchema) });

export const paymentSchema = z.object({
  id: z.string(),
  order_id: z.string(),
  amount_cents: z.number().int(),
  method: z.literal("simulated"),
  status: z.literal("succeeded"),
  created_at: z.string(),
});

export const payOrderResponseSchema = z.object({ order: orderSchema, payment: paymentSchema });

export type CreateOrderRequest = z.infer<typeof createOrderSchema>;
export type OrderView = z.infer<typeof orderSchema>;
export type OrderWithDetailsView = z.infer<typeof orderWithDetailsSchema>;
export type OrdersList = z.infer<typeof ordersListSchema>;
export type PayOrderResponse = z.infer<typeof payOrderResponseSchema>;
