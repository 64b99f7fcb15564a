"use client";

import Link from "next/link";
import { useState } from "react";
import type { OrderWithDetailsView } from "@/lib/api/orders";
import { formatPrice } from "@/lib/format-price";
import { timeAgo } from "@/lib/client/format";
import { mayCustomerCancel } from "@/lib/delivery-rules";
import { ApiError } from "@/lib/client/api";
import { useCancelOrder, useOrders } from "@/lib/client/queries";
import { toast } from "@/lib/client/toast-store";
import { Icon } from "@/components/layout/icon";

const STATUS: Record<string, { label: string; tone: string }> = {
  placed: { label: "Waiting for the shop", tone: "bg-amber-500/15 text-amber-300" },
  confirmed: { label: "Confirmed", tone: "bg-sky-500/15 text-sky-300" },
  paid: { label: "Paid", tone: "bg-emerald-500/15 text-emerald-300" },
  cancelled: { label: "Cancelled", tone: "bg-zinc-500/20 text-zinc-400" },
};

const DELIVERY: Record<string, string> = {
  pending: "Preparing",
  assigned: "Courier assigned",
  picked_up: "Picked up",
  in_transit: "On its way",
  delivered: "Delivered",
  cancelled: "Delivery cancelled",
};

export function OrderList() {
  const { data: orders, isPending, isError, refetch } = useOrders();
  if (isPending) {
    return (
      <ul className="mt-6 space-y-3" aria-busy>
        {Array.from({ length: 3 }, (_, i) => (
          <li key={i} className="h-28 animate-pulse rounded-2xl bg-white/5" />
        ))}
      </ul>
    );
  }
  if (isError) {
    return (
      <p role="alert" className="mt-6 rounded-2xl bg-red-500/10 p-4 text-sm text-red-300">
        Couldn&apos;t load your orders.{" "}
        <button type="button" onClick={() => void refetch()} className="underline focus-ring">
          Retry
        </button>
      </p>
    );
  }
  if (orders.length === 0) {
    return (
      <div className="mt-10 text-center text-zinc-400">
        <p>No orders yet.</p>
        <Link href="/" className="btn-primary mt-4">
          Discover products
        </Link>
      </div>
    );
  }
  return (
    <ul className="mt-6 space-y-3">
      {orders.map((order) => (
        <OrderCard key={order.id} order={order} />
      ))}
    </ul>
  );
}

function OrderCard({ order }: { order: OrderWithDetailsView }) {
  const status = STATUS[order.status] ?? { label: order.status, tone: "bg-zinc-500/20 text-zinc-300" };
  const trackPath = order.delivery ? `/track/${order.delivery.tracking_token}` : null;
  const copyTracking = async () => {
    if (!trackPath) return;
    const url = `${window.location.origin}${trackPath}`;
    try {
      await navigator.clipboard.writeText(url);
      toast({ text: "Tracking link copied" });
    } catch {
      toast({ text: url });
    }
  };
  return (
    <li id={order.id} data-testid="order" className="flex gap-4 rounded-2xl border border-white/10 bg-white/[0.03] p-3 target:ring-2 target:ring-fuchsia-400 sm:p-4">
      {/* eslint-disable-next-line @next/next/no-img-element -- posters are local static files */}
      <img src={order.product.poster_url} alt="" className="h-24 w-16 shrink-0 rounded-xl object-cover" />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            <p className="truncate font-semibold">{order.product.name}</p>
            <p className="text-sm text-zinc-400">
              {order.shop.name} · {order.quantity} × · {formatPrice(order.amount_cents / 100, order.currency)}
            </p>
          </div>
          <span data-testid="order-status" className={`rounded-full px-2.5 py-1 text-xs font-semibold ${status.tone}`}>
            {status.label}
            {order.refund_status === "pending" ? " · refund on its way" : ""}
          </span>
        </div>
        <p className="mt-1 text-xs text-zinc-500">Ordered {timeAgo(order.created_at)}</p>
        {order.delivery && trackPath ? (
          <div className="mt-3 flex flex-wrap items-center gap-2 text-sm">
            <span className="flex items-center gap-1.5 text-zinc-300"><Icon name="truck" className="size-4" /> {DELIVERY[order.delivery.status] ?? order.delivery.status}</span>
            <Link href={`/deliveries/${order.delivery.id}`} className="btn-ghost bg-white/5 py-1 text-xs">
              Delivery details
            </Link>
            <Link href={trackPath} className="btn-ghost bg-white/5 py-1 text-xs">
              Live tracking
            </Link>
            <button type="button" onClick={() => void copyTracking()} className="btn-ghost bg-white/5 py-1 text-xs">
              Copy tracking link
            </button>
          </div>
        ) : null}
        {mayCustomerCancel(order.status, order.delivery?.status ?? null) ? <CancelOrder order={order} /> : null}
      </div>
    </li>
  );
}

/** Cancel, asked twice: until the courier picks the parcel up (a paid order is refunded). */
function CancelOrder({ order }: { order: OrderWithDetailsView }) {
  const cancel = useCancelOrder();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)} className="btn-ghost mt-3 bg-white/5 py-1 text-xs">
        Cancel order
      </button>
    );
  }
  const confirm = () =>
    cancel.mutate(order.id, {
      onSuccess: (cancelled) => toast({ text: cancelled.refund_status === "pending" ? "Order cancelled. Your payment will be refunded." : "Order cancelled." }),
      onError: (err) => {
        setAsking(false);
        toast({ text: err instanceof ApiError && err.status === 409 ? "This order can no longer be cancelled: the courier has it." : "Could not cancel the order. Try again." });
      },
    });
  return (
    <div role="group" aria-label={`Cancel ${order.product.name}?`} className="mt-3 flex flex-wrap items-center gap-2 text-sm">
      <span className="text-zinc-300">Cancel this order{order.status === "paid" ? " and get a refund" : ""}?</span>
      <button type="button" disabled={cancel.isPending} onClick={confirm} className="btn-primary bg-red-500 py-1 text-xs hover:bg-red-400">
        Yes, cancel
      </button>
      <button type="button" onClick={() => setAsking(false)} className="btn-ghost bg-white/5 py-1 text-xs">
        Keep it
      </button>
    </div>
  );
}
