"use client";

import { useState } from "react";
import Link from "next/link";
import type { OrderWithDetailsView } from "@/lib/api/orders";
import { formatPrice } from "@/lib/format-price";
import { timeAgo } from "@/lib/client/format";
import { STATUS_LABELS } from "@/lib/client/delivery";
import { useOrderAction, useShopOrders } from "@/lib/client/shop";
import { DeliveryForm } from "./delivery-form";
import { QueryState } from "./query-state";
import { Section } from "./section";

const ORDER_BADGE: Record<OrderWithDetailsView["status"], string> = {
  placed: "bg-sky-400/15 text-sky-200",
  confirmed: "bg-amber-400/15 text-amber-200",
  paid: "bg-emerald-400/15 text-emerald-200",
  cancelled: "bg-zinc-400/15 text-zinc-300",
};

function OrderRow({ shopId, order }: { shopId: string; order: OrderWithDetailsView }) {
  const act = useOrderAction(shopId);
  const [shipping, setShipping] = useState(false);
  const shippable = (order.status === "paid" || order.status === "confirmed") && (!order.delivery || order.delivery.status === "cancelled");
  return (
    <li className="border-t border-white/5 py-3" data-testid="order-row" data-order-id={order.id}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="font-medium">{order.product.name}</span>
        <span className="text-sm text-zinc-300">
          × {order.quantity} · {formatPrice(order.amount_cents / 100, order.currency)}
        </span>
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${ORDER_BADGE[order.status]}`}>{order.status}</span>
        {order.refund_status === "pending" ? <span className="rounded-full bg-red-400/15 px-2 py-0.5 text-xs font-medium text-red-200">refund due</span> : null}
        <span className="text-xs text-zinc-400">{timeAgo(order.created_at)}</span>
        <div className="ml-auto flex gap-2">
          {order.status === "placed" ? (
            <button type="button" disabled={act.isPending} onClick={() => act.mutate({ id: order.id, action: "confirm" })} className="btn-primary text-xs" aria-label={`Confirm order ${order.id}`}>
              Confirm
            </button>
          ) : null}
          {order.status === "confirmed" ? (
            <button type="button" disabled={act.isPending} onClick={() => act.mutate({ id: order.id, action: "pay" })} className="btn-primary text-xs" aria-label={`Mark order ${order.id} paid`}>
              Mark paid
            </button>
          ) : null}
          {shippable && !shipping ? (
            <button type="button" onClick={() => setShipping(true)} className="btn-ghost border border-white/15 text-xs">
              Create delivery
            </button>
          ) : null}
          {order.delivery && order.delivery.status !== "cancelled" ? (
            <Link href={`/deliveries/${order.delivery.id}`} className="btn-ghost text-xs">
              Delivery: {STATUS_LABELS[order.delivery.status]}
            </Link>
          ) : null}
        </div>
      </div>
      {act.error ? (
        <p role="alert" className="text-xs text-red-300">
          {act.error.message}
        </p>
      ) : null}
      {shipping ? <DeliveryForm shopId={shopId} orderId={order.id} onDone={() => setShipping(false)} /> : null}
    </li>
  );
}

export function OrdersSection({ shopId }: { shopId: string }) {
  const { data, isPending, error } = useShopOrders(shopId);
  return (
    <Section id="orders" title="Orders">
      <QueryState pending={isPending} error={error} empty={data?.length === 0} emptyText="No orders yet." />
      {data && data.length > 0 ? (
        <ul>
          {data.map((o) => (
            <OrderRow key={o.id} shopId={shopId} order={o} />
          ))}
        </ul>
      ) : null}
    </Section>
  );
}
