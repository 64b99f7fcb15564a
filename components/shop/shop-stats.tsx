"use client";

import { topics } from "@/lib/topics";
import { formatCount } from "@/lib/client/format";
import { useNotificationsStore } from "@/lib/client/notifications-store";
import { useShopDeliveries, useShopDetails, useShopOrders, useShopProducts } from "@/lib/client/shop";

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-2xl border border-white/10 bg-zinc-900/60 p-3">
      <dt className="text-xs text-zinc-400">{label}</dt>
      <dd className="text-2xl font-bold tabular-nums">{value}</dd>
    </div>
  );
}

/** Followers, likes and the work waiting, at a glance. */
export function ShopStats({ shopId }: { shopId: string }) {
  const details = useShopDetails(shopId).data;
  const products = useShopProducts(shopId).data;
  const orders = useShopOrders(shopId).data;
  const deliveries = useShopDeliveries(shopId).data;
  // The API has no like totals per shop yet; the inbox carries each like as it happens.
  const likes = useNotificationsStore((s) => s.inboxes[topics.shopNotifications(shopId)]?.items.filter((n) => n.type === "product_like").length);
  const show = (n: number | undefined) => (n === undefined ? "–" : formatCount(n));
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
      <Stat label="Followers" value={show(details?.followers)} />
      <Stat label="Recent likes" value={show(likes)} />
      <Stat label="Published / drafts" value={products ? `${products.filter((p) => p.published_at).length} / ${products.filter((p) => !p.published_at).length}` : "–"} />
      <Stat label="Orders to handle" value={show(orders?.filter((o) => o.status === "placed" || o.status === "confirmed").length)} />
      <Stat label="Active deliveries" value={show(deliveries?.length)} />
    </dl>
  );
}
