"use client";

import { useState } from "react";
import { useCreateDelivery } from "@/lib/client/shop";

const input = "w-full rounded-lg border border-white/15 bg-zinc-950 px-2 py-1.5 text-sm focus-ring";

/** Ship an order: the address and its coordinates become the delivery's destination. */
export function DeliveryForm({ shopId, orderId, onDone }: { shopId: string; orderId: string; onDone: () => void }) {
  const create = useCreateDelivery(shopId);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate(
      {
        orderId,
        body: {
          customer_address: String(f.get("address")),
          latitude: Number(f.get("latitude")),
          longitude: Number(f.get("longitude")),
        },
      },
      { onSuccess: onDone, onError: (err) => setProblem(err.message) },
    );
  };
  return (
    <form onSubmit={submit} aria-label={`Create a delivery for order ${orderId}`} className="mt-2 grid gap-2 rounded-xl bg-white/5 p-3 sm:grid-cols-[1fr_7rem_7rem_auto]">
      <label className="text-xs">
        Customer address
        <input name="address" required maxLength={500} className={input} />
      </label>
      <label className="text-xs">
        Latitude
        <input name="latitude" required type="number" step="any" min={-90} max={90} defaultValue={40.7411} className={input} />
      </label>
      <label className="text-xs">
        Longitude
        <input name="longitude" required type="number" step="any" min={-180} max={180} defaultValue={-73.9897} className={input} />
      </label>
      <div className="flex items-end gap-2">
        <button type="submit" disabled={create.isPending} className="btn-primary text-xs">
          Create
        </button>
        <button type="button" onClick={onDone} className="btn-ghost text-xs">
          Cancel
        </button>
      </div>
      {problem ? (
        <p role="alert" className="text-xs text-red-300 sm:col-span-4">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
