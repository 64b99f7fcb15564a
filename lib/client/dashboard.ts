import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { ApiError } from "./api";
import { useSessionStore } from "./session-store";

/** GET /monitor/connections, as server/monitor/connections.ts reports it. */
export const monitorReportSchema = z.object({
  active_connections: z.number(),
  chat_channels: z.number(),
  delivery_channels: z.number(),
  feed_channels: z.number(),
  notification_channels: z.number(),
  joined_channels: z.record(z.string(), z.number()),
  transports: z.object({ websocket: z.number(), longpoll: z.number() }),
  messages_in_per_second: z.number(),
  messages_out_per_second: z.number(),
  busiest_topics: z.array(z.object({ topic: z.string(), subscribers: z.number() })),
  memory: z.object({ rss: z.number(), heap_used: z.number() }),
  uptime_seconds: z.number(),
  /** Each node's own figures; the fields above are totals over them (channel counts: distinct topics, a topic on two nodes once; memory and uptime: the answering node's). */
  nodes: z.array(
    z.object({
      node: z.string(),
      active_connections: z.number(),
      messages_in_per_second: z.number(),
      messages_out_per_second: z.number(),
      memory: z.object({ rss: z.number(), heap_used: z.number() }),
      uptime_seconds: z.number(),
    }),
  ),
});
export type MonitorReport = z.infer<typeof monitorReportSchema>;

export const POLL_MS = 1500;
/** Two minutes of samples at POLL_MS. */
const HISTORY = 80;

export interface RateSample {
  at: number;
  in: number;
  out: number;
}

/** Polls the monitoring endpoint with the admin's socket JWT and keeps a short history of message rates. */
export function useMonitor() {
  const token = useSessionStore((s) => s.token);
  const query = useQuery({
    queryKey: ["monitor", "connections"],
    queryFn: async () => {
      const res = await fetch("/monitor/connections", { headers: { authorization: `Bearer ${token}` }, cache: "no-store" });
      if (!res.ok) throw new ApiError(res.status, res.status === 401 ? "unauthorized" : res.statusText);
      return monitorReportSchema.parse(await res.json());
    },
    enabled: token !== null,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    retry: false,
  });
  const [history, setHistory] = useState<RateSample[]>([]);
  const { data, dataUpdatedAt } = query;
  useEffect(() => {
    if (!data) return;
    setHistory((h) => [...h, { at: dataUpdatedAt, in: data.messages_in_per_second, out: data.messages_out_per_second }].slice(-HISTORY));
  }, [data, dataUpdatedAt]);
  return { ...query, history };
}

export function formatBytes(n: number): string {
  return n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(2)} GB` : `${(n / 1024 ** 2).toFixed(1)} MB`;
}

export function formatUptime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min ${seconds % 60} s`;
}
