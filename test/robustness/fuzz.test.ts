// Property-based fuzzing over a real socket: random and mutated frames at both serializers, the
// router and every channel's events. The server stays up, everything it sends is a well-formed
// frame, an invalid push writes nothing, and a fresh socket's heartbeat is answered afterwards.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "kysely";
import { chatEvents, deliveryEvents, feedEvents, notificationEvents } from "@/lib/events";
import { useTestApp } from "../support/app";
import { metricValue } from "../support/metrics";
import { RawClient } from "../support/raw-client";

// Fuzzed frames close sockets and each is replaced: thousands of connects in the 9 s, past the per-address rate.
const t = useTestApp({ SOCKET_EVENTS_PER_10S: 1_000_000, MAX_CONNECTIONS_PER_IP_PER_MINUTE: 0 });

/** Topics user123 may join, with the events each accepts. */
const TOPICS = {
  "chat:room_fuzz": chatEvents.in,
  "feed:user_user123": feedEvents.in,
  "notifications:user_user123": notificationEvents.in,
  "delivery:delivery_abc123": deliveryEvents.in,
  "delivery:token_abc123track": deliveryEvents.in,
} as const;
type Topic = keyof typeof TOPICS;
const topicNames = Object.keys(TOPICS) as Topic[];
const eventNames = [...new Set(Object.values(TOPICS).flatMap((events) => Object.keys(events)))];

// Joins and leaves are left out: a join of a random chat topic creates that room, which is a write.
const event = fc.oneof(
  fc.constantFrom(...eventNames, "heartbeat", "access_token", "constructor", "__proto__", "toString"),
  fc.string({ maxLength: 40 }).filter((e) => e !== "phx_join" && e !== "phx_leave"),
);
const topic = fc.oneof(fc.constantFrom<string>(...topicNames, "phoenix"), fc.string({ maxLength: 40 }));
const ref = fc.oneof(fc.constant(null), fc.constant("1"), fc.string({ maxLength: 8 }), fc.integer(), fc.jsonValue({ maxDepth: 1 }));
/** Payloads near the real ones (their keys, wrong values) and anything at all. */
const payload = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    fc.constantFrom("content", "client_id", "is_typing", "message_id", "product_id", "skip", "platform", "reason", "latitude", "longitude", "status", "notification_id", "token", "__proto__"),
    fc.jsonValue({ maxDepth: 2 }),
  ),
);

/** A push whose payload its event's schema accepts is a legitimate write, not a fuzzed one. */
function isValidPush(frameTopic: unknown, frameEvent: unknown, framePayload: unknown): boolean {
  if (typeof frameTopic !== "string" || !Object.hasOwn(TOPICS, frameTopic)) return false;
  const events = TOPICS[frameTopic as Topic] as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  return typeof frameEvent === "string" && Object.hasOwn(events, frameEvent) && events[frameEvent].safeParse(framePayload).success;
}

type Sent = { data: string | Buffer; topic?: unknown; event?: unknown; payload?: unknown };

const v2Frame = fc.record({ joinRef: ref, ref, topic, event, payload }).map(
  (f): Sent => ({ data: JSON.stringify([f.joinRef, f.ref, f.topic, f.event, f.payload]), ...f }),
);
const v1Frame = fc.record({ join_ref: ref, ref, topic, event, payload }).map(
  (f): Sent => ({ data: JSON.stringify(f), ...f }),
);
/** V2 binary pushes: kind 0, u8 lengths of join_ref, ref, topic, event, then the bytes; lengths may lie. */
const binaryPush = fc
  .record({
    header: fc.tuple(fc.constantFrom(0, 0, 0, 1, 2, 255), fc.nat(12), fc.nat(12), fc.nat(40), fc.nat(40)),
    fields: fc.tuple(fc.constant("1"), fc.string({ maxLength: 4 }), fc.constantFrom<string>(...topicNames, "x"), fc.constantFrom(...eventNames, "nope")),
    body: fc.uint8Array({ maxLength: 256 }),
    honest: fc.boolean(),
  })
  .map(({ header, fields, body, honest }): Sent => {
    const lengths = honest ? fields.map((f) => Buffer.byteLength(f)) : header.slice(1);
    return { data: Buffer.concat([Buffer.from([header[0], ...lengths]), Buffer.from(fields.join("")), Buffer.from(body)]) };
  });
const garbage = fc.oneof(
  fc.string({ maxLength: 200 }).map((s): Sent => ({ data: s })),
  fc.jsonValue({ maxDepth: 3 }).map((v): Sent => ({ data: JSON.stringify(v) })),
  fc.uint8Array({ maxLength: 200 }).map((b): Sent => ({ data: Buffer.from(b) })),
);

async function rowCounts(): Promise<Record<string, number>> {
  const db = t.app.context.db;
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    counts[name] = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(db)).rows[0].n);
  }
  return counts;
}

function wellFormed(frame: unknown, vsn: "1" | "2"): boolean {
  if (Buffer.isBuffer(frame)) return vsn === "2" && frame.length >= 3 && (frame[0] === 1 || frame[0] === 2);
  const str = (v: unknown) => typeof v === "string";
  const strOrNull = (v: unknown) => v === null || typeof v === "string";
  if (vsn === "2") {
    return Array.isArray(frame) && frame.length === 5 && strOrNull(frame[0]) && strOrNull(frame[1]) && str(frame[2]) && str(frame[3]);
  }
  const f = frame as Record<string, unknown>;
  return f !== null && typeof f === "object" && str(f.topic) && str(f.event) && "payload" in f && strOrNull(f.ref);
}

/** A signed-in raw socket with every fuzzed topic joined under join_ref "1". */
async function fuzzSocket(vsn: "1" | "2"): Promise<RawClient> {
  const client = await RawClient.connect(`${t.wsUrl}/websocket?vsn=${vsn}.0.0&token=${await t.token("user123")}`);
  for (const name of topicNames) {
    const ref = `join-${name}`;
    client.send(vsn === "2" ? ["1", ref, name, "phx_join", {}] : { topic: name, event: "phx_join", payload: {}, ref, join_ref: "1" });
    const reply = await client.next((f) => (vsn === "2" ? f[1] === ref : f.ref === ref));
    expect(vsn === "2" ? reply[4].status : reply.payload.status).toBe("ok");
  }
  // What the joins push afterwards (history, presence, details) arrives before this answer.
  client.send(vsn === "2" ? [null, "joined", "phoenix", "heartbeat", {}] : { topic: "phoenix", event: "heartbeat", payload: {}, ref: "joined" });
  await client.next((f) => (vsn === "2" ? f[1] === "joined" : f.ref === "joined"));
  client.frames.length = 0;
  return client;
}

async function fuzz(vsn: "1" | "2", frames: fc.Arbitrary<Sent>): Promise<number> {
  let client = await fuzzSocket(vsn);
  let beat = 0;
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(frames, async (sent) => {
      fc.pre(!isValidPush(sent.topic, sent.event, sent.payload));
      runs++;
      if (client.closeCode !== null) client = await fuzzSocket(vsn);
      const ws = client.ws;
      ws.send(sent.data);
      // A heartbeat after it: once answered, everything the fuzzed frame caused has arrived.
      const hb = `hb${beat++}`;
      ws.send(JSON.stringify(vsn === "2" ? [null, hb, "phoenix", "heartbeat", {}] : { topic: "phoenix", event: "heartbeat", payload: {}, ref: hb }));
      try {
        await client.next((f) => (vsn === "2" ? Array.isArray(f) && f[1] === hb : f?.ref === hb), 3000);
      } catch (err) {
        // Phoenix closes a socket on a frame it cannot decode: allowed, with a protocol close code.
        if (client.closeCode === null) throw err;
        expect([1011, 1009, 1008]).toContain(client.closeCode);
      }
      const received = client.frames.splice(0);
      for (const frame of received) expect(wellFormed(frame, vsn), JSON.stringify(frame)).toBe(true);
      // A crashed join would not be a well-behaved answer to bad input.
      expect(received.some((f) => (vsn === "2" ? Array.isArray(f) && f[3] === "phx_error" : (f as { event?: string })?.event === "phx_error"))).toBe(false);
    }),
    { numRuns: 100_000, interruptAfterTimeLimit: 9_000 },
  );
  client.close();
  return runs;
}

describe("fuzzed frames over a real socket", () => {
  it("survives random and mutated frames on both serializers: well-formed replies, no writes, the server still answers", async () => {
    // Joining the chat topic the first time creates the room and the membership: before counting.
    (await fuzzSocket("2")).close();
    const before = await rowCounts();
    const v2Runs = await fuzz("2", fc.oneof({ arbitrary: v2Frame, weight: 6 }, { arbitrary: binaryPush, weight: 2 }, { arbitrary: garbage, weight: 1 }));
    const v1Runs = await fuzz("1", fc.oneof({ arbitrary: v1Frame, weight: 8 }, { arbitrary: garbage, weight: 1 }));
    expect(v2Runs).toBeGreaterThan(100);
    expect(v1Runs).toBeGreaterThan(100);
    expect(await rowCounts()).toEqual(before);
    const metrics = await t.app.server.endpoint.metrics.registry.metrics();
    expect(metricValue(metrics, "realtime_errors_total", { kind: "channel_crash" })).toBe(0);
    expect(metricValue(metrics, "realtime_errors_total", { kind: "connection_crash" })).toBe(0);
    // A fresh socket is answered.
    const fresh = await RawClient.connect(`${t.wsUrl}/websocket?vsn=2.0.0`);
    fresh.send([null, "1", "phoenix", "heartbeat", {}]);
    expect(await fresh.next()).toEqual([null, "1", "phoenix", "phx_reply", { status: "ok", response: {} }]);
    fresh.close();
    console.log(`fuzz: ${v2Runs} V2 frames, ${v1Runs} V1 frames`);
  }, 40_000);
});
