"use client";

import { useCallback, useMemo, useState } from "react";
import Link from "next/link";
import type { DeliveryRecord } from "@/lib/api/deliveries";
import { LiveMap } from "@/components/map/live-map";
import type { MapDelivery } from "@/components/map/map-types";
import { STATUS_LABELS, type LiveDelivery } from "@/lib/client/delivery";
import { useAssignCourier, useCouriers, useShopDeliveries } from "@/lib/client/shop";
import { LiveDeliverySource } from "./live-delivery-source";
import { QueryState } from "./query-state";
import { Section } from "./section";

function AssignCourier({ shopId, delivery }: { shopId: string; delivery: DeliveryRecord }) {
  const { data: couriers } = useCouriers();
  const assign = useAssignCourier(shopId);
  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    assign.mutate({ deliveryId: delivery.id, courierId: String(new FormData(e.currentTarget).get("courier")) });
  };
  return (
    <form onSubmit={submit} className="flex items-center gap-2">
      <label className="sr-only" htmlFor={`courier-${delivery.id}`}>
        Courier for delivery {delivery.id}
      </label>
      <select id={`courier-${delivery.id}`} name="courier" required className="rounded-lg border border-white/15 bg-zinc-950 px-2 py-1 text-sm focus-ring">
        {couriers?.map((c) => (
          <option key={c.id} value={c.id}>
            {c.display_name}
          </option>
        ))}
      </select>
      <button type="submit" disabled={assign.isPending || !couriers} className="btn-primary text-xs">
        Assign
      </button>
      {assign.error ? (
        <span role="alert" className="text-xs text-red-300">
          {assign.error.message}
        </span>
      ) : null}
    </form>
  );
}

/** The shop's active deliveries: each channel joined, all couriers live on one map. */
export function DeliveriesSection({ shopId }: { shopId: string }) {
  const { data, isPending, error } = useShopDeliveries(shopId);
  const [lives, setLives] = useState<Record<string, LiveDelivery>>({});
  const onChange = useCallback((id: string, live: LiveDelivery | null) => {
    setLives((all) => {
      if (live) return { ...all, [id]: live };
      const { [id]: _gone, ...rest } = all;
      return rest;
    });
  }, []);
  const mapDeliveries = useMemo<MapDelivery[]>(
    () =>
      Object.values(lives).map((l) => ({
        id: l.delivery.id,
        label: `Delivery ${l.delivery.id}`,
        courier: l.latest,
        trail: l.trail,
        destination: l.delivery.destination,
      })),
    [lives],
  );

  return (
    <Section id="deliveries" title="Active deliveries">
      {data?.map((d) => <LiveDeliverySource key={d.id} id={d.id} onChange={onChange} />)}
      <QueryState pending={isPending} error={error} empty={data?.length === 0} emptyText="No active deliveries. Create one from a paid order." />
      {data && data.length > 0 ? (
        <>
          <LiveMap deliveries={mapDeliveries} label="Map of the shop's active deliveries" className="h-72" />
          <ul>
            {data.map((d) => {
              const status = lives[d.id]?.delivery.status ?? d.status;
              return (
                <li key={d.id} className="flex flex-wrap items-center gap-x-3 gap-y-2 border-t border-white/5 py-3" data-testid="delivery-row">
                  <Link href={`/deliveries/${d.id}`} className="font-medium underline-offset-2 hover:underline focus-ring">
                    {d.customer_address}
                  </Link>
                  <span className="rounded-full bg-white/10 px-2 py-0.5 text-xs">{STATUS_LABELS[status]}</span>
                  {d.courier ? <span className="text-xs text-zinc-400">{d.courier.name}</span> : null}
                  <div className="ml-auto">{status === "pending" ? <AssignCourier shopId={shopId} delivery={d} /> : null}</div>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </Section>
  );
}
