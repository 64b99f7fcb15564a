import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { LOG_OPTIONS } from "@/server/log";
import { storeLocation } from "../support/locations";
import { useTestApp } from "../support/app";
import { useSocketPool } from "../support/channel-helpers";
import { join, nextEvent, push } from "../support/phoenix";

const t = useTestApp();
// Each test starts with nobody in any room.
const pool = useSocketPool(t);
const db = () => t.app.context.db;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/** The public topic's join reply, as an anonymous holder of the link gets it. */
async function track(token: string) {
  const socket = await pool.connect(null);
  const channel = socket.channel(`delivery:token_${token}`, {});
  return { channel, reply: await join(channel) };
}

describe("the public tracking link shows nothing personal", () => {
  it("no street address, a destination rounded to a few hundred metres, and only the current trip's trail", async () => {
    // A point from before the pick-up (the courier riding to the shop) belongs to no public trail.
    await storeLocation(db(), { deliveryId: "abc123", latitude: 40.75, longitude: -73.99, speedKmh: 10, recordedAt: new Date(Date.now() - 30 * 60_000) });
    const { reply } = await track("abc123track");
    expect(reply.status).toBe("ok");
    const text = JSON.stringify(reply.response);
    expect(text).not.toContain("Henry St");
    expect(text).not.toContain("40.6989");
    expect(text).not.toContain("-73.9917");
    expect(reply.response.delivery).not.toHaveProperty("customer_address");
    const { latitude, longitude } = reply.response.delivery.destination;
    expect(Math.abs(latitude - 40.6989)).toBeGreaterThan(0);
    expect(Math.abs(latitude - 40.6989)).toBeLessThan(0.005);
    expect(Math.abs(longitude + 73.9917)).toBeLessThan(0.005);
    const pickedUp = (await db().selectFrom("deliveries").select("picked_up_at").where("id", "=", "abc123").executeTakeFirstOrThrow()).picked_up_at!;
    expect(reply.response.location_history.length).toBeGreaterThan(0);
    expect(reply.response.location_history.every((p: { recorded_at: string }) => p.recorded_at >= pickedUp)).toBe(true);

    // The participants keep the full picture.
    const customer = await pool.connect("user123");
    const full = await join(customer.channel("delivery:delivery_abc123", {}));
    expect(full.response.delivery.customer_address).toBe("75 Henry St, Brooklyn, NY 11201");
    expect(full.response.location_history.some((p: { latitude: number }) => p.latitude === 40.75)).toBe(true);
  });

  it("before the pick-up the link shows no courier, and live positions reach only the participants", async () => {
    const { channel: publicChannel, reply } = await track("test456track");
    expect(reply.response).toMatchObject({ latest_location: null, location_history: [] });
    const publicPositions: unknown[] = [];
    publicChannel.on("location_updated", (p) => void publicPositions.push(p));

    const { channel: courier } = await pool.joinAs("courier1", "delivery:delivery_test456");
    expect((await push(courier, "location_update", { latitude: 40.74, longitude: -74.0 })).status).toBe("ok");
    // Frames reach a socket in order: whatever the point caused arrived before this reply.
    expect((await push(publicChannel, "get_eta", {})).status).toBe("ok");
    expect(publicPositions).toEqual([]);
  });

  it("after delivery no courier position at all, live or on join", async () => {
    const { channel: publicChannel } = await track("67890track");
    const { channel: courier } = await pool.joinAs("courier1", "delivery:delivery_67890");
    const delivered = nextEvent(publicChannel, "status_changed");
    expect((await push(courier, "update_status", { status: "delivered" })).status).toBe("ok");
    expect((await delivered).status).toBe("delivered");
    const { reply } = await track("67890track");
    expect(reply.response).toMatchObject({ latest_location: null, location_history: [], delivery: { status: "delivered" } });
  });

  it(`stops showing the map TRACKING_LINK_HOURS after the end; unknown links are not found`, async () => {
    const hours = t.app.context.config.TRACKING_LINK_HOURS;
    await db().updateTable("deliveries").set({ status: "cancelled", cancelled_at: minutesAgo(hours * 60 - 5) }).where("id", "=", "test456").execute();
    expect((await track("test456track")).reply.status).toBe("ok");
    await db().updateTable("deliveries").set({ cancelled_at: minutesAgo(hours * 60 + 5) }).where("id", "=", "test456").execute();
    const expired = await track("test456track");
    expect(expired.reply).toEqual({ status: "error", response: { reason: "not_found" } });
    expired.channel.leave();
    const unknown = await track("no_such_link");
    expect(unknown.reply).toEqual({ status: "error", response: { reason: "not_found" } });
    unknown.channel.leave();
  });
});

describe("monitoring and logs never show a tracking token or a JWT", () => {
  it("lists tracking topics masked in /monitor/connections", async () => {
    await track("abc123track");
    const res = await fetch(`${t.httpUrl}/monitor/connections`, { headers: { authorization: `Bearer ${await t.token("admin")}` } });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain("abc123track");
    expect(JSON.parse(text).delivery_topics).toContain("delivery:token_[redacted]");
  });

  it("masks topics and URLs in every log line", async () => {
    const jwt = await t.token("user123");
    const lines: string[] = [];
    const logger = pino({ ...LOG_OPTIONS, level: "info" }, { write: (line: string) => void lines.push(line) });
    logger.error({ topic: "delivery:token_abc123track", url: `/socket/longpoll?vsn=2.0.0&token=${jwt}`, err: { url: `/track/abc123track?x=${jwt}` } }, "request failed");
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("abc123track");
    expect(lines[0]).not.toContain(jwt);
    expect(JSON.parse(lines[0])).toMatchObject({ topic: "delivery:token_[redacted]", url: "/socket/longpoll?vsn=2.0.0&token=[redacted]" });
  });
});
