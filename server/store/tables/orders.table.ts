import type { Selectable } from "kysely";
import type { OrderStatus, RefundStatus } from "@/lib/api/orders";


export interface OrderTable {
  id: string;
  customer_id: string;
  shop_id: string;
  product_id: string;
  quantity: number;
  amount_cents: number;
  currency: string;
  status: OrderStatus;
  created_at: string;
  confirmed_at: string | null;
  paid_at: string | null;
  cancelled_at: string | null;
  /** "pending" when a paid order was cancelled: the payment is to be given back. */
  refund_status: RefundStatus | null;
}

export interface PaymentTable {
  id: string;
  order_id: string;
  amount_cents: number;
  method: "simulated";
  status: "succeeded";
  created_at: string;
}

export type Order = Selectable<OrderTable>;
export type Payment = Selectable<PaymentTable>;
