"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMe } from "@/lib/client/queries";
import { DeliveriesSection } from "./deliveries-section";
import { OrdersSection } from "./orders-section";
import { ProductsSection } from "./products-section";
import { ShopChart } from "./shop-chart";
import { ShopInbox } from "./shop-inbox";
import { ShopNotifications } from "./shop-notifications";
import { ShopStats } from "./shop-stats";

const SECTIONS = [
  ["products", "Products"],
  ["orders", "Orders"],
  ["deliveries", "Deliveries"],
  ["inbox", "Inbox"],
  ["notifications", "Notifications"],
] as const;

/** The owner's dashboard for one shop (`?shop=` picks among several). */
export function ShopDashboard({ requestedShopId }: { requestedShopId: string | null }) {
  const router = useRouter();
  const { data: me, isPending, error } = useMe();

  if (isPending) return <div aria-busy className="h-40 animate-pulse rounded-2xl bg-white/5" />;
  if (error || !me) {
    return (
      <p role="alert" className="text-red-300">
        Could not load your shops: {error?.message}
      </p>
    );
  }
  if (me.shops.length === 0) {
    return (
      <p className="rounded-2xl border border-white/10 bg-zinc-900/60 p-4">
        You don&apos;t own a shop yet. Open{" "}
        <Link href="/chat" className="text-fuchsia-300 underline focus-ring">
          chat
        </Link>{" "}
        and type <code className="rounded bg-white/10 px-1">@createshop Your shop name</code>.
      </p>
    );
  }
  const shop = me.shops.find((s) => s.id === requestedShopId) ?? me.shops[0];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">{shop.name}</h1>
        {me.shops.length > 1 ? (
          <label className="ml-auto flex items-center gap-2 text-sm">
            <span className="text-zinc-400">Shop</span>
            <select
              value={shop.id}
              onChange={(e) => router.replace(`/shop?shop=${encodeURIComponent(e.target.value)}`)}
              className="rounded-lg border border-white/15 bg-zinc-950 px-2 py-1.5 focus-ring"
            >
              {me.shops.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <nav aria-label="Dashboard sections" className="flex gap-1 overflow-x-auto">
        {SECTIONS.map(([id, label]) => (
          <a key={id} href={`#${id}`} className="btn-ghost shrink-0 text-sm">
            {label}
          </a>
        ))}
      </nav>
      <ShopStats shopId={shop.id} />
      <ShopChart shopId={shop.id} />
      <div className="grid gap-4 lg:grid-cols-2">
        <ProductsSection shopId={shop.id} />
        <OrdersSection shopId={shop.id} />
        <DeliveriesSection shopId={shop.id} />
        <ShopInbox shopId={shop.id} />
        <ShopNotifications shopId={shop.id} />
      </div>
    </div>
  );
}
