"use client";

import Link from "next/link";
import { useMyDeliveries } from "@/lib/client/delivery-queries";
import { isOpen } from "@/lib/delivery-rules";
import { STATUS_LABELS } from "@/lib/client/delivery";
import { timeAgo } from "@/lib/client/format";

/** The signed-in user's deliveries (as courier, customer or shop owner), active ones first. */
export function DeliveryList() {
  const { data, isPending, error } = useMyDeliveries();
  if (isPending) return <div aria-busy className="h-32 animate-pulse rounded-2xl bg-white/5" />;
  if (error) {
    return (
      <p role="alert" className="text-red-300">
        Could not load deliveries: {error.message}
      </p>
    );
  }
  if (data.length === 0) return <p className="text-zinc-400">No deliveries yet.</p>;
  const sorted = [...data].sort((a, b) => Number(isOpen(b.status)) - Number(isOpen(a.status)) || b.updated_at.localeCompare(a.updated_at));
  return (
    <ul className="divide-y divide-white/5 rounded-2xl border border-white/10 bg-zinc-900/60">
      {sorted.map((d) => (
        <li key={d.id}>
          <Link href={`/deliveries/${d.id}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 p-4 hover:bg-white/5 focus-ring">
            <span className="font-medium">{d.shop.name}</span>
            <span className="rounded-full bg-white/10 px-2 py-0.5 text-xs">{STATUS_LABELS[d.status]}</span>
            <span className="w-full truncate text-sm text-zinc-400 sm:w-auto sm:flex-1">{d.customer_address}</span>
            <span className="text-xs text-zinc-400">{timeAgo(d.updated_at)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
