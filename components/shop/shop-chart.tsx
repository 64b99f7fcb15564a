"use client";

import { useState } from "react";
import type { ShopDayStats } from "@/lib/api/shop-stats";
import { formatCount } from "@/lib/client/format";
import { useShopDailyStats } from "@/lib/client/shop";
import { formatPrice } from "@/lib/format-price";
import { QueryState } from "./query-state";
import { Section } from "./section";

type Metric = "orders" | "revenue_cents" | "likes";

const W = 600;
const H = 140;
const GAP = 3;

/** The last 30 days as bars, one metric at a time; the totals sit in the tabs. */
export function ShopChart({ shopId }: { shopId: string }) {
  const { data, isPending, error } = useShopDailyStats(shopId);
  const [metric, setMetric] = useState<Metric>("orders");
  const format = (m: Metric, n: number) => (m === "revenue_cents" ? formatPrice(n / 100, data?.currency ?? "USD") : formatCount(n));
  const total = (m: Metric) => data?.days.reduce((sum, d) => sum + d[m], 0) ?? 0;
  const metrics: [Metric, string][] = [
    ["orders", "Orders"],
    ["revenue_cents", "Revenue"],
    ["likes", "Likes"],
  ];
  return (
    <Section id="last-30-days" title="Last 30 days">
      <div role="tablist" aria-label="Chart" className="flex flex-wrap gap-2">
        {metrics.map(([m, label]) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={metric === m}
            onClick={() => setMetric(m)}
            className={`rounded-xl px-3 py-1.5 text-left text-sm transition focus-ring ${metric === m ? "bg-white/15" : "bg-white/5 hover:bg-white/10"}`}
          >
            <span className="block text-xs text-zinc-400">{label}</span>
            <span className="block font-bold tabular-nums" data-testid={`total-${m}`}>
              {data ? format(m, total(m)) : "–"}
            </span>
          </button>
        ))}
      </div>
      <QueryState pending={isPending} error={error} />
      {data ? <Bars days={data.days} metric={metric} label={(d) => `${d.date}: ${format(metric, d[metric])}`} /> : null}
    </Section>
  );
}

function Bars({ days, metric, label }: { days: ShopDayStats[]; metric: Metric; label: (d: ShopDayStats) => string }) {
  const max = Math.max(1, ...days.map((d) => d[metric]));
  const width = W / days.length;
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" className="h-36 w-full rounded-xl bg-zinc-950/60" role="img" aria-label={`${metric.replace("_cents", "")} per day, ${days[0]?.date} to ${days.at(-1)?.date}`}>
        {days.map((d, i) => {
          const h = (d[metric] / max) * (H - 8);
          return (
            <rect key={d.date} data-testid="chart-bar" x={i * width + GAP / 2} y={H - h} width={width - GAP} height={Math.max(h, d[metric] > 0 ? 2 : 0)} rx={2} className="fill-fuchsia-400">
              <title>{label(d)}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="mt-1 flex justify-between text-xs text-zinc-500">
        <span>{days[0]?.date.slice(5)}</span>
        <span>today</span>
      </figcaption>
    </figure>
  );
}
