"use client";

import { formatBytes, formatUptime, useMonitor } from "@/lib/client/dashboard";
import { RateChart } from "./rate-chart";

function Stat({ label, value, testId }: { label: string; value: string | number; testId?: string }) {
  return (
    <div className="rounded-2xl border border-white/10 bg-zinc-900/60 p-4">
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-400">{label}</dt>
      <dd data-testid={testId} className="mt-1 text-2xl font-bold tabular-nums">
        {value}
      </dd>
    </div>
  );
}

/** Live socket-server health for admins, polled from /monitor/connections. */
export function OpsDashboard() {
  const { data, error, isPending, history } = useMonitor();

  if (isPending && !error) {
    return (
      <div aria-busy className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="h-20 animate-pulse rounded-2xl bg-white/5" />
        ))}
      </div>
    );
  }
  if (!data) {
    return (
      <p role="alert" className="rounded-2xl border border-red-400/30 bg-red-950/40 p-4 text-red-100">
        Monitoring is unavailable: {(error as Error | null)?.message ?? "no data"}. Retrying…
      </p>
    );
  }
  return (
    <div className="space-y-5">
      <p className="flex items-center gap-2 text-sm text-zinc-400" aria-live="polite">
        <span aria-hidden className={`size-2 rounded-full ${error ? "bg-amber-400" : "bg-emerald-400"}`} />
        {error ? "Connection to the server lost; showing the last sample." : "Live · updated every 1.5 s"}
      </p>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label="Active connections" value={data.active_connections} testId="active-connections" />
        <Stat label="WebSocket / long-poll" value={`${data.transports.websocket} / ${data.transports.longpoll}`} />
        <Stat label="Memory (RSS, this node)" value={formatBytes(data.memory.rss)} />
        <Stat label="Nodes" value={data.nodes.length} testId="node-count" />
        <Stat label="Chat channels" value={data.chat_channels} />
        <Stat label="Delivery channels" value={data.delivery_channels} testId="delivery-channels" />
        <Stat label="Feed channels" value={data.feed_channels} />
        <Stat label="Notification channels" value={data.notification_channels} />
      </dl>
      <section className="rounded-2xl border border-white/10 bg-zinc-900/60 p-4">
        <RateChart samples={history} />
      </section>
      <section aria-labelledby="nodes" className="rounded-2xl border border-white/10 bg-zinc-900/60 p-4">
        <h2 id="nodes" className="mb-2 font-semibold">
          Nodes
        </h2>
        <table className="w-full text-sm">
          <thead className="text-left text-zinc-400">
            <tr>
              <th className="py-1 font-medium">Node</th>
              <th className="py-1 text-right font-medium">Connections</th>
              <th className="py-1 text-right font-medium">Messages in / out per s</th>
              <th className="py-1 text-right font-medium">Memory</th>
              <th className="py-1 text-right font-medium">Up</th>
            </tr>
          </thead>
          <tbody>
            {data.nodes.map((n) => (
              <tr key={n.node} className="border-t border-white/5">
                <td className="break-all py-1 font-mono text-xs">{n.node}</td>
                <td className="py-1 text-right tabular-nums">{n.active_connections}</td>
                <td className="py-1 text-right tabular-nums">
                  {n.messages_in_per_second} / {n.messages_out_per_second}
                </td>
                <td className="py-1 text-right tabular-nums">{formatBytes(n.memory.rss)}</td>
                <td className="py-1 text-right tabular-nums">{formatUptime(n.uptime_seconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="grid gap-4 md:grid-cols-2">
        <section aria-labelledby="busiest" className="rounded-2xl border border-white/10 bg-zinc-900/60 p-4">
          <h2 id="busiest" className="mb-2 font-semibold">
            Busiest topics
          </h2>
          {data.busiest_topics.length === 0 ? (
            <p className="text-sm text-zinc-400">No topic has subscribers.</p>
          ) : (
            <table className="w-full text-sm">
              <thead className="text-left text-zinc-400">
                <tr>
                  <th className="py-1 font-medium">Topic</th>
                  <th className="py-1 text-right font-medium">Subscribers</th>
                </tr>
              </thead>
              <tbody>
                {data.busiest_topics.map((t) => (
                  <tr key={t.topic} className="border-t border-white/5">
                    <td className="break-all py-1 font-mono text-xs">{t.topic}</td>
                    <td className="py-1 text-right tabular-nums">{t.subscribers}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section aria-labelledby="by-kind" className="rounded-2xl border border-white/10 bg-zinc-900/60 p-4">
          <h2 id="by-kind" className="mb-2 font-semibold">
            Joined channels by kind
          </h2>
          <ul className="space-y-1 text-sm">
            {Object.entries(data.joined_channels).map(([kind, n]) => (
              <li key={kind} className="flex justify-between border-t border-white/5 py-1">
                <span>{kind}</span>
                <span className="tabular-nums">{n}</span>
              </li>
            ))}
          </ul>
          <p className="mt-3 text-xs text-zinc-400">Up {formatUptime(data.uptime_seconds)}</p>
        </section>
      </div>
    </div>
  );
}
