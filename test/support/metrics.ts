/**
 * The value of one series in Prometheus text: `name` with at least `labels` (every series also
 * carries its `node`); 0 when absent.
 */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? "").split(",");
    if (wanted.every((w) => present.includes(w))) return Number(match[3]);
  }
  return 0;
}

/** `realtime_limit_refusals_total{limit}` as an admin reads it from /metrics. */
export async function limitRefusals(server: { httpUrl: string; token(userId: string): Promise<string> }, limit: string): Promise<number> {
  const res = await fetch(`${server.httpUrl}/metrics`, { headers: { authorization: `Bearer ${await server.token("admin")}` } });
  return metricValue(await res.text(), "realtime_limit_refusals_total", { limit });
}
