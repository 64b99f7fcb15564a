/** `realtime_limit_refusals_total{limit}` as an admin reads it from /metrics. */
export async function limitRefusals(server: { httpUrl: string; token(userId: string): Promise<string> }, limit: string): Promise<number> {
  const res = await fetch(`${server.httpUrl}/metrics`, { headers: { authorization: `Bearer ${await server.token("admin")}` } });
  const line = (await res.text()).split("\n").find((l) => l.startsWith(`realtime_limit_refusals_total{limit="${limit}"}`));
  return Number(line?.split(" ")[1] ?? 0);
}
