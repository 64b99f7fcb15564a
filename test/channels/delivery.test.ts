import { afterAll, describe, expect, it } from "vitest";
import type { Channel, Socket } from "phoenix";
import { deliveryDetailsSchema, DELIVERY_STATUSES, etaUpdatedSchema, locationSchema, statusChangedSchema, type DeliveryStatus } from "@/lib/events";
import { createDeliveryForOrder, listLocationHistory } from "@/server/store/repositories/deliveries.repository";
import { listNotifications } from "@/server/store/repositories/notifications.repository";
import { speedKmh } from "@/server/services/deliveries/geo";
import { useTestApp } from "../support/app";
import { storeLocation } from "../support/locations";
import { limitRefusals } from "../support/metrics";
import { join, nextEvent, phoenixSocket, push, waitFor } from "../support/phoenix";

// The per-delivery token buckets' clock: a test moves it on instead of sleeping (a loaded machine's sleeps overshoot).
const clock = { now: Date.now() };
const t = useTestApp({}, { bucketClock: () => clock.now });
/** One token back in every per-delivery bucket. */
const aSecondLater = () => void (clock.now += 1000);
const sockets: Socket[] = [];
afterAll(() => {
  for (const socket of sockets) socket.disconnect();
});

const db = () => t.app.context.db;

async function channelFor(userId: string | null, topic: string, params: object = {}): Promise<Channel> {
  const socket = phoenixSocket(t.wsUrl, userId ? { token: await t.token(userId) } : {});
  sockets.push(socket);
  return socket.channel(topic, params);
}

async function joined(userId: string | null, topic: string): Promise<{ channel: Channel; reply: any; details: any }> {
  const channel = await channelFor(userId, topic);
  const details = nextEvent(channel, "delivery_details");
  const reply = await join(channel);
  expect(reply.status).toBe("ok");
  return { channel, reply: reply.response, details: await details };
}

/** Every listed event in arrival order, as [event, payload]. */
function record(channel: Channel, events: string[]): [string, any][] {
  const seen: [string, any][] = [];
  for (const event of events) channel.on(event, (payload) => void seen.push([event, payload]));
  return seen;
}

const refusal = (reason: string) => ({ status: "error", response: { reason } });

describe("joining a delivery", () => {
  it("delivery_<id>: its customer, courier, shop owner and an admin; nobody else", async () => {
    expect(await join(await channelFor(null, "delivery:delivery_67890"))).toEqual(refusal("unauthorized"));
    expect(await join(await channelFor("user456", "delivery:delivery_67890"))).toEqual(refusal("forbidden"));
    expect(await join(await channelFor("courier2", "delivery:delivery_67890"))).toEqual(refusal("forbidden"));
    expect(await join(await channelFor("admin", "delivery:delivery_nope"))).toEqual(refusal("not_found"));
    for (const userId of ["user123", "courier1", "owner1", "admin"]) {
      const { reply, details } = await joined(userId, "delivery:delivery_67890");
      expect(deliveryDetailsSchema.strict().parse(reply)).toEqual(reply);
      expect(details).toEqual(reply);
      expect(reply.delivery).toMatchObject({ id: "67890", status: "in_transit", courier: { name: "Sam Rivera" } });
      expect(reply.location_history).toHaveLength(10);
      expect(reply.latest_location).toEqual(reply.location_history.at(-1));
      expect(reply.eta_seconds).toBeGreaterThan(0);
    }
  });

  it("token_<tracking_token>: anyone, without signing in; unknown tokens are not found", async () => {
    const { reply } = await joined(null, "delivery:token_abc123track");
    expect(reply.delivery).toMatchObject({ id: "abc123", courier: { name: "Sam" } });
    expect(await join(await channelFor(null, "delivery:token_nope"))).toEqual(refusal("not_found"));
  });

  it("works verbatim with the document's example: a token in the channel params", async () => {
    const socket = phoenixSocket(t.wsUrl);
    sockets.push(socket);
    const reply = await join(socket.channel("delivery:delivery_abc123", { token: "jwt_token_here" }));
    expect(reply.status).toBe("ok");
    expect(reply.response.delivery.customer_address).toBe("75 Henry St, Brooklyn, NY 11201");
  });
});

describe("location_update", () => {
  it("from the courier reaches the customer and an anonymous tracking subscriber, then eta_updated", async () => {
    const customer = await joined("user123", "delivery:delivery_67890");
    const tracker = await joined(null, "delivery:token_67890track");
    const courier = await joined("courier1", "delivery:delivery_67890");
    const atCustomer = record(customer.channel, ["location_updated", "eta_updated"]);
    const atTracker = record(tracker.channel, ["location_updated", "eta_updated"]);

    const reply = await push(courier.channel, "location_update", { latitude: 40.7245, longitude: -73.9952 });
    expect(reply.status).toBe("ok");
    const location = locationSchema.strict().parse(reply.response);
    expect(location).toMatchObject({ latitude: 40.7245, longitude: -73.9952 });
    expect(location.speed).toBeGreaterThan(0);
    // Committed before the reply.
    const stored = await db().selectFrom("delivery_locations").selectAll().where("delivery_id", "=", "67890").orderBy("recorded_at", "desc").executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ latitude: 40.7245, longitude: -73.9952, recorded_at: location.recorded_at, speed_kmh: location.speed });

    for (const seen of [atCustomer, atTracker]) {
      await waitFor(() => seen.length === 2, 3000, "location_updated then eta_updated");
      expect(seen[0]).toEqual(["location_updated", location]);
      expect(seen[1][0]).toBe("eta_updated");
      expect(etaUpdatedSchema.strict().parse(seen[1][1]).eta_seconds).toBeGreaterThan(0);
    }
  });

  it("is refused for everyone but the courier, once the trip is over, and for bad coordinates", async () => {
    for (const userId of ["user123", "owner1", "admin"]) {
      const { channel } = await joined(userId, "delivery:delivery_67890");
      expect(await push(channel, "location_update", { latitude: 40.72, longitude: -73.99 })).toEqual(refusal("forbidden"));
    }
    const tracker = await joined(null, "delivery:token_67890track");
    expect(await push(tracker.channel, "location_update", { latitude: 40.72, longitude: -73.99 })).toEqual(refusal("forbidden"));
    // Assigned: the courier rides to the shop and the map already follows them.
    const assigned = await joined("courier1", "delivery:delivery_test456");
    expect((await push(assigned.channel, "location_update", { latitude: 40.72, longitude: -73.99 })).status).toBe("ok");
    await db().updateTable("deliveries").set({ status: "delivered" }).where("id", "=", "delivery123").execute();
    const finished = await joined("courier1", "delivery:delivery_delivery123");
    expect(await push(finished.channel, "location_update", { latitude: 40.72, longitude: -73.99 })).toEqual(refusal("invalid_transition"));
    const moving = await joined("courier1", "delivery:delivery_abc123");
    expect((await push(moving.channel, "location_update", { latitude: 91, longitude: 0 })).response.reason).toBe("invalid_payload");
    expect((await push(moving.channel, "location_update", { latitude: 40.7, longitude: -181 })).response.reason).toBe("invalid_payload");
    expect((await push(moving.channel, "location_update", { latitude: "40.7", longitude: -74 })).response.reason).toBe("invalid_payload");
  });

  it("stores a burst of two points per delivery, then one a second (a token bucket: a late timer's point, then one on time)", async () => {
    const refusedBefore = await limitRefusals(t, "delivery_location");
    const courier = await joined("courier1", "delivery:delivery_abc123");
    const count = async () => (await db().selectFrom("delivery_locations").select("id").where("delivery_id", "=", "abc123").execute()).length;
    const before = await count();
    const replies = await Promise.all([
      push(courier.channel, "location_update", { latitude: 40.705, longitude: -73.999 }),
      push(courier.channel, "location_update", { latitude: 40.706, longitude: -73.998 }),
      push(courier.channel, "location_update", { latitude: 40.707, longitude: -73.997 }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual(["error", "ok", "ok"]);
    expect(replies.find((r) => r.status === "error")!.response).toEqual({ reason: "rate_limited" });
    expect(await count()).toBe(before + 2);
    expect(await limitRefusals(t, "delivery_location")).toBe(refusedBefore + 1);
    // A second later one token is back, not two.
    aSecondLater();
    const next = [await push(courier.channel, "location_update", { latitude: 40.708, longitude: -73.996 })];
    next.push(await push(courier.channel, "location_update", { latitude: 40.709, longitude: -73.995 }));
    expect(next.map((r) => r.status)).toEqual(["ok", "error"]);
    expect(await count()).toBe(before + 3);
  });
});

/** A new delivery assigned to `courierId`, with no points yet. */
async function assignedDelivery(courierId: string) {
  const delivery = (await createDeliveryForOrder(db(), {
    orderId: "order_1001",
    customerAddress: "1 Matrix Way",
    origin: { latitude: 40.7128, longitude: -74.006 },
    destination: { latitude: 40.73, longitude: -73.99 },
  }))!;
  await db().updateTable("deliveries").set({ courier_id: courierId, status: "assigned" }).where("id", "=", delivery.id).execute();
  const stored = async () => (await db().selectFrom("delivery_locations").select("latitude").where("delivery_id", "=", delivery.id).execute()).map((r) => r.latitude);
  return { id: delivery.id, topic: `delivery:delivery_${delivery.id}`, stored };
}

describe("a replaced courier", () => {
  it("loses access at once when the shop assigns another: the next position is refused and not stored, the new courier's is", async () => {
    const delivery = await assignedDelivery("courier1");
    const old = await joined("courier1", delivery.topic);
    expect((await push(old.channel, "location_update", { latitude: 40.711, longitude: -74.001 })).status).toBe("ok");
    expect((await t.api("owner1", "POST", `/api/v1/deliveries/${delivery.id}/assign`, { courier_id: "courier2" })).status).toBe(200);
    aSecondLater();
    expect(await push(old.channel, "location_update", { latitude: 40.712, longitude: -74.002 })).toEqual(refusal("forbidden"));
    const replacement = await joined("courier2", delivery.topic);
    expect((await push(replacement.channel, "location_update", { latitude: 40.713, longitude: -74.003 })).status).toBe("ok");
    expect(await delivery.stored()).toEqual([40.711, 40.713]);
  });

  it("loses access at once when another node changes the delivery (the row changed behind this node's back)", async () => {
    const delivery = await assignedDelivery("courier1");
    const courier = await joined("courier1", delivery.topic);
    const customer = await joined("user123", delivery.topic);
    const located = record(customer.channel, ["location_updated"]);
    expect((await push(courier.channel, "location_update", { latitude: 40.721, longitude: -74.001 })).status).toBe("ok");
    // What another node's API does: nothing here hears of it.
    await db().updateTable("deliveries").set({ courier_id: "courier2" }).where("id", "=", delivery.id).execute();
    aSecondLater();
    expect(await push(courier.channel, "location_update", { latitude: 40.722, longitude: -74.002 })).toEqual(refusal("forbidden"));
    // Back to courier1, then delivered elsewhere: the trip is over.
    await db().updateTable("deliveries").set({ courier_id: "courier1" }).where("id", "=", delivery.id).execute();
    expect((await push(courier.channel, "location_update", { latitude: 40.723, longitude: -74.003 })).status).toBe("ok");
    await db().updateTable("deliveries").set({ status: "delivered" }).where("id", "=", delivery.id).execute();
    aSecondLater();
    expect(await push(courier.channel, "location_update", { latitude: 40.724, longitude: -74.004 })).toEqual(refusal("invalid_transition"));
    expect(await delivery.stored()).toEqual([40.721, 40.723]);
    await waitFor(() => located.length === 2, 3000, "the stored points at the customer");
    expect(located.map(([, p]) => p.latitude)).toEqual([40.721, 40.723]);
  });
});

describe("positions through two nodes", () => {
  it("measures the speed and the ETA from the latest stored point, also one another node stored", async () => {
    const delivery = await assignedDelivery("courier1");
    const courier = await joined("courier1", delivery.topic);
    const customer = await joined("user123", delivery.topic);
    const etas = record(customer.channel, ["eta_updated"]);
    const first = await push(courier.channel, "location_update", { latitude: 40.711, longitude: -74.001 });
    expect(first.status).toBe("ok");
    // The courier's other socket, on another node, stores a point 4 km further on: nothing here hears of it.
    const elsewhere = await storeLocation(db(), { deliveryId: delivery.id, latitude: 40.747, longitude: -74.001, speedKmh: 30, recordedAt: new Date(Date.parse(first.response.recorded_at) + 1) });
    const next = await push(courier.channel, "location_update", { latitude: 40.748, longitude: -74.001 });
    expect(next.status).toBe("ok");
    const [from, to] = await listLocationHistory(db(), delivery.id, 2);
    expect(from.id).toBe(elsewhere.id);
    // From the other node's point (about 100 m), not from this node's first one (4 km).
    const expected = speedKmh(from, new Date(from.recorded_at), to, new Date(to.recorded_at));
    expect(to.speed_kmh).toBeCloseTo(expected!, 6);
    expect(next.response.speed).toBeCloseTo(expected!, 6);
    // The ETA announced is the one the database gives (get_eta, a join).
    await waitFor(() => etas.length === 2, 3000, "an eta_updated per point");
    expect(etas[1][1]).toEqual((await push(customer.channel, "get_eta", {})).response);
  });
});

describe("the public tracking payloads", () => {
  it("carry no personal data: no phone, no user ids, no names beyond the courier's first name", async () => {
    const tracker = await channelFor(null, "delivery:token_abc123track");
    const payloads: unknown[] = [];
    for (const event of ["delivery_details", "location_updated", "status_changed", "eta_updated"]) tracker.on(event, (p) => void payloads.push(p));
    payloads.push((await join(tracker)).response);
    payloads.push((await push(tracker, "get_eta")).response);
    aSecondLater(); // past the previous test's location rate limit
    const courier = await joined("courier1", "delivery:delivery_abc123");
    expect((await push(courier.channel, "location_update", { latitude: 40.701, longitude: -73.992 })).status).toBe("ok");
    expect((await push(courier.channel, "update_status", { status: "delivered" })).status).toBe("ok");
    await waitFor(() => payloads.length >= 7, 8000, "every kind of public payload");

    const text = JSON.stringify(payloads);
    // Phone fragments, not bare digits: a speed such as 860.8771485553267 contains "555" by chance.
    const personal = ["+1 212 555 0142", "555 0142", "user123", "courier1", "owner1", "Maya", "Chen", "Rivera", "customer_id", "courier_id", "phone"];
    for (const secret of personal) expect(text, `public payload contains ${secret}`).not.toContain(secret);
    expect(text).toContain('"courier":{"name":"Sam"}');
  });
});

describe("update_status", () => {
  // Who may make which move; every other move is forbidden when it exists and invalid_transition when it does not.
  const ALLOWED: Record<string, string[]> = {
    owner1: ["pending>assigned", "pending>cancelled", "assigned>cancelled", "picked_up>cancelled", "in_transit>cancelled"],
    courier1: ["assigned>picked_up", "picked_up>in_transit", "in_transit>delivered"],
    user123: ["pending>cancelled", "assigned>cancelled"],
    admin: [
      "pending>assigned", "assigned>picked_up", "picked_up>in_transit", "in_transit>delivered",
      "pending>cancelled", "assigned>cancelled", "picked_up>cancelled", "in_transit>cancelled",
    ],
  };
  const EXISTING = new Set(ALLOWED.admin);

  it("follows the state machine with each role's rules", async () => {
    const delivery = await createDeliveryForOrder(db(), {
      orderId: "order_1001",
      customerAddress: "1 Matrix Way",
      origin: { latitude: 40.7128, longitude: -74.006 },
      destination: { latitude: 40.73, longitude: -73.99 },
    });
    await db().updateTable("deliveries").set({ courier_id: "courier1" }).where("id", "=", delivery!.id).execute();
    const topic = `delivery:delivery_${delivery!.id}`;
    const channels = Object.fromEntries(await Promise.all(Object.keys(ALLOWED).map(async (u) => [u, (await joined(u, topic)).channel] as const)));
    const outcomes: string[] = [];
    for (const from of DELIVERY_STATUSES) {
      for (const to of DELIVERY_STATUSES) {
        for (const userId of Object.keys(ALLOWED)) {
          await db().updateTable("deliveries").set({ status: from, courier_id: "courier1" }).where("id", "=", delivery!.id).execute();
          const reply = await push(channels[userId], "update_status", { status: to });
          const move = `${from}>${to}`;
          const expected = ALLOWED[userId].includes(move) ? "ok" : EXISTING.has(move) ? "forbidden" : "invalid_transition";
          const actual = reply.status === "ok" ? "ok" : reply.response.reason;
          if (actual !== expected) outcomes.push(`${userId} ${move}: expected ${expected}, got ${actual}`);
          if (reply.status === "ok") expect(statusChangedSchema.strict().parse(reply.response).status).toBe(to);
        }
      }
    }
    expect(outcomes).toEqual([]);
  });

  it("announces status_changed on both topics and notifies the customer; the tracking link cannot change it", async () => {
    const customer = await joined("user123", "delivery:delivery_67890");
    const tracker = await joined(null, "delivery:token_67890track");
    const courier = await joined("courier1", "delivery:delivery_67890");
    expect(await push(tracker.channel, "update_status", { status: "delivered" })).toEqual(refusal("forbidden"));

    const atCustomer = nextEvent(customer.channel, "status_changed");
    const atTracker = nextEvent(tracker.channel, "status_changed");
    const etaAtTracker = nextEvent(tracker.channel, "eta_updated");
    const reply = await push(courier.channel, "update_status", { status: "delivered" });
    expect(reply.status).toBe("ok");
    expect(reply.response).toMatchObject({ status: "delivered", delivered_at: expect.any(String), updated_at: expect.any(String) });
    expect(await atCustomer).toEqual(reply.response);
    expect(await atTracker).toEqual(reply.response);
    expect(await etaAtTracker).toEqual({ eta_seconds: 0 });

    const [latest] = await listNotifications(db(), { type: "user", id: "user123" });
    expect(latest).toMatchObject({
      type: "delivery_update",
      data: { delivery_id: "67890", status: "delivered", tracking_url: `${t.app.context.config.PUBLIC_URL}/track/67890track` },
    });
  });
});

describe("get_eta", () => {
  it("answers anyone joined with {eta_seconds} and an eta_updated push: a number in transit, 0 delivered, null cancelled", async () => {
    const tracker = await joined(null, "delivery:token_test456track");
    const pushed = nextEvent(tracker.channel, "eta_updated");
    const reply = await push(tracker.channel, "get_eta", {});
    expect(reply.status).toBe("ok");
    expect(reply.response.eta_seconds).toBeGreaterThan(0);
    expect(await pushed).toEqual(reply.response);

    const status = async (s: DeliveryStatus) => db().updateTable("deliveries").set({ status: s }).where("id", "=", "test456").execute();
    await status("delivered");
    expect((await push(tracker.channel, "get_eta")).response).toEqual({ eta_seconds: 0 });
    await status("cancelled");
    expect((await push(tracker.channel, "get_eta")).response).toEqual({ eta_seconds: null });
  });
});
