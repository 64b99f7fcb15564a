import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server";
import { join, phoenixSocket, push, waitFor } from "../support/phoenix";
import { metricValue } from "../support/metrics";

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ config: { MONITOR_TOKEN: "monitor-secret" }, admins: ["admin"] });
});
afterAll(() => srv.close());

const get = async (path: string, bearer?: string) => {
  const res = await fetch(`${srv.httpUrl}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  return { status: res.status, text: await res.text() };
};

describe("monitoring", () => {
  it("refuses anonymous callers and non-admins with 401", async () => {
    for (const path of ["/monitor/connections", "/metrics"]) {
      expect((await get(path)).status).toBe(401);
      expect((await get(path, await srv.token("user123"))).status).toBe(401);
      expect((await get(path, "wrong-token")).status).toBe(401);
    }
  });

  it("reports connections, channels by kind and topics to an admin, as the document's endpoint does", async () => {
    const socket = phoenixSocket(srv.wsUrl);
    await join(socket.channel("room:a", {}));
    await join(socket.channel("room:b", {}));
    await waitFor(() => socket.isConnected());
    const report = JSON.parse((await get("/monitor/connections", await srv.token("admin"))).text);
    expect(report).toMatchObject({
      active_connections: 1,
      joined_channels: { room: 2 },
      transports: { websocket: 1, longpoll: 0 },
      chat_channels: 0,
      delivery_channels: 0,
      chat_topics: [],
      delivery_topics: [],
    });
    expect(report.busiest_topics.map((t: { topic: string }) => t.topic).sort()).toEqual(["room:a", "room:b"]);
    expect(typeof report.messages_in_per_second).toBe("number");
    socket.disconnect();
  });

  it("serves Prometheus metrics to MONITOR_TOKEN, counting joins, pushes and broadcasts", async () => {
    const socket = phoenixSocket(srv.wsUrl);
    const channel = socket.channel("room:metrics", {});
    await join(channel);
    await push(channel, "message", { content: "counted" });
    const { status, text } = await get("/metrics", "monitor-secret");
    expect(status).toBe(200);
    expect(metricValue(text, "realtime_channel_joins_total", { kind: "room", status: "ok" })).toBeGreaterThan(0);
    expect(metricValue(text, "realtime_broadcasts_total", { event: "new_message" })).toBeGreaterThan(0);
    expect(metricValue(text, "realtime_connections")).toBeGreaterThan(0);
    // Every series names its node, so one Prometheus scraping every node never adds two up.
    const node = srv.server.endpoint.nodeId;
    expect(text.split("\n").filter((l) => l.startsWith("realtime_") && !l.includes(`node="${node}"`))).toEqual([]);
    expect(text).toContain("nodejs_eventloop_lag_seconds");
    socket.disconnect();
  });
});
