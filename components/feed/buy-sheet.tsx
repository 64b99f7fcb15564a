"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FeedItem } from "@/lib/events";
import { ORDER_MAX_QUANTITY, orderResponseSchema } from "@/lib/api/orders";
import { api, ApiError } from "@/lib/client/api";
import { formatPrice } from "@/lib/format-price";
import { queryKeys } from "@/lib/client/queries";
import { toast } from "@/lib/client/toast-store";
import { Sheet } from "@/components/layout/sheet";


/** Places a real order with the shop; payment is simulated later from the shop's side. */
export function BuySheet({ item, onClose }: { item: FeedItem | null; onClose: () => void }) {
  const [quantity, setQuantity] = useState(1);
  const queryClient = useQueryClient();
  const order = useMutation({
    mutationFn: (input: { product_id: string; quantity: number }) =>
      api("/orders", orderResponseSchema, { method: "POST", body: input }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.orders });
      toast({ text: "Order placed — it is in the shop's dashboard to confirm.", href: "/orders", linkLabel: "View order" });
      setQuantity(1);
      onClose();
    },
  });
  const error = order.error instanceof ApiError ? order.error.reason : order.error ? "network_error" : null;

  return (
    <Sheet open={item !== null} onClose={onClose} title="Buy now">
      {item ? (
        <div>
          <div className="flex gap-4">
            {/* eslint-disable-next-line @next/next/no-img-element -- posters are local static files */}
            <img src={item.poster_url} alt="" className="h-24 w-16 shrink-0 rounded-xl object-cover" />
            <div className="min-w-0">
              <p className="text-sm text-zinc-400">{item.shop.name}</p>
              <p className="font-semibold">{item.name}</p>
              <p className="mt-1 text-lg font-bold">{formatPrice(item.price, item.currency)}</p>
            </div>
          </div>
          <div className="mt-5 flex items-center justify-between">
            <span className="text-sm text-zinc-300" id="qty-label">
              Quantity
            </span>
            <div className="flex items-center gap-2" role="group" aria-labelledby="qty-label">
              <button type="button" aria-label="Decrease quantity" onClick={() => setQuantity((q) => Math.max(1, q - 1))} className="btn-ghost size-9 justify-center bg-white/5 p-0">
                −
              </button>
              <output aria-live="polite" className="w-6 text-center font-semibold">
                {quantity}
              </output>
              <button type="button" aria-label="Increase quantity" onClick={() => setQuantity((q) => Math.min(ORDER_MAX_QUANTITY, q + 1))} className="btn-ghost size-9 justify-center bg-white/5 p-0">
                +
              </button>
            </div>
          </div>
          {error ? (
            <p role="alert" className="mt-4 rounded-lg bg-red-500/10 px-3 py-2 text-sm text-red-300">
              Couldn&apos;t place the order ({error}). Please try again.
            </p>
          ) : null}
          <button
            type="button"
            disabled={order.isPending}
            onClick={() => order.mutate({ product_id: item.product_id, quantity })}
            className="btn-primary mt-5 w-full py-3"
          >
            {order.isPending ? "Placing order…" : `Place order · ${formatPrice(item.price * quantity, item.currency)}`}
          </button>
          <p className="mt-3 text-center text-xs text-zinc-500">You pay once the shop confirms. Delivery is tracked live.</p>
        </div>
      ) : null}
    </Sheet>
  );
}
