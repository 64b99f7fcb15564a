// The scenarios of `npm run bench`: each starts its servers, drives them with the Generator, and
// returns rows for the report plus `losses` (a missing delivery or message, or an error).
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { feedOrder, loadFeedPage } from "../server/services/feed/feed-items";
import type { Proto, SocketSpec } from "./client/worker";
import { summary } from "./lib/histogram";
import { topics } from "../lib/topics";
import { addDeliveries, benchRoom, benchUser, prepareDatabase, type StoreKind } from "./lib/product-db";
import { OPEN_LIMITS, productEnv, shopper, wsUrl } from "./lib/product-server";
import { startServer, type Generator, type ServerProcess } from "./lib/procs";

export interface Outcome {
  rows: Array<Record<string, unknown>>;
  losses: string[];
}

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- fan-out -------------------------------------------------------------------------------

interface FanoutTarget {
  name: string;
  proto: Proto;
  event: string;
  kind: "tick" | "like";
  /** The servers (one, or a cluster's nodes) and the sockets each holds; the publisher is the first node's first socket. */
  start(n: number): Promise<{ nodes: Array<{ server: ServerProcess; specs: SocketSpec[] }>; productId?: string; dispose?: () => Promise<void> }>;
}

const oneNode = (server: ServerProcess, specs: SocketSpec[]) => ({ nodes: [{ server, specs }] });

/** Two nodes of our server relaying through Redis (a prefix of their own), the subscribers split over both. */
async function twoNodesOnRedis(n: number) {
  const env = { ...OPEN_LIMITS, LOG_LEVEL: "silent", REDIS_URL: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379", REDIS_PREFIX: `bench-${randomBytes(4).toString("hex")}` };
  const [a, b] = await Promise.all([startServer("ours-node-a", "realtime.ts", { ...env, NODE_ID: "bench-a" }), startServer("ours-node-b", "realtime.ts", { ...env, NODE_ID: "bench-b" })]);
  const half = Math.ceil(n / 2);
  return { nodes: [{ server: a, specs: benchSpecs(half) }, { server: b, specs: benchSpecs(n - half) }] };
}

const benchSpecs = (n: number): SocketSpec[] => Array.from({ length: n }, () => ({ joins: [["bench:fanout", {}]] }));

export const FANOUT_TARGETS: FanoutTarget[] = [
  { name: "bare ws.send loop", proto: "phoenix", event: "tick", kind: "tick", start: async (n) => oneNode(await startServer("bare", "bare-ws.ts"), benchSpecs(n)) },
  { name: "frame-once loop (floor)", proto: "phoenix", event: "tick", kind: "tick", start: async (n) => oneNode(await startServer("frame-once", "frame-once.ts"), benchSpecs(n)) },
  { name: "Socket.IO 4 rooms", proto: "socketio", event: "tick", kind: "tick", start: async (n) => oneNode(await startServer("socketio", "socketio.ts"), benchSpecs(n)) },
  { name: "ours, bench:* channel", proto: "phoenix", event: "tick", kind: "tick", start: async (n) => oneNode(await startServer("ours-bench", "realtime.ts", OPEN_LIMITS), benchSpecs(n)) },
  {
    name: "ours, feed like_update (SQLite)",
    proto: "phoenix",
    event: "like_update",
    kind: "like",
    async start(n) {
      const db = await prepareDatabase("sqlite", n, { count: 0, size: 0 });
      const specs = await Promise.all(Array.from({ length: n }, (_, i) => shopper(i, (u) => [`feed:user_${u}`])));
      return { ...oneNode(await startServer("ours-product", "product.ts", productEnv(db)), specs), productId: db.topProductId, dispose: () => db.dispose() };
    },
  },
];

const OURS = FANOUT_TARGETS[3];
const TWO_NODES: FanoutTarget = { name: "ours, bench:* channel, two nodes on Redis", proto: "phoenix", event: "tick", kind: "tick", start: twoNodesOnRedis };

/**
 * Our bench channel on one node, then on two relaying through Redis, back to back at the same
 * size: CPU of both nodes per delivery against one node's, and what the relay adds per broadcast.
 */
export async function twoNodes(gen: Generator, n: number, broadcasts: number): Promise<Outcome> {
  const one = await fanout(gen, OURS, n, broadcasts);
  const two = await fanout(gen, TWO_NODES, n, broadcasts);
  const cpu = (o: FanoutOutcome) => o.nodeCpuMs.reduce((a, b) => a + b, 0);
  const row = (o: FanoutOutcome) => {
    const { server, subscribers, deliveries, cpuMicrosPerDelivery, p50ms, p99ms } = o.rows[0];
    return { server, subscribers, broadcasts, deliveries, cpuMicrosPerDelivery, nodeCpuMs: o.nodeCpuMs.map((ms) => ms.toFixed(0)).join(" / "), p50ms, p99ms };
  };
  return {
    rows: [
      { ...row(one), ratioToOneNode: 1, relayCpuMicrosPerBroadcast: 0 },
      {
        ...row(two),
        ratioToOneNode: Number(two.rows[0].cpuMicrosPerDelivery) / Math.max(1e-9, Number(one.rows[0].cpuMicrosPerDelivery)),
        relayCpuMicrosPerBroadcast: ((cpu(two) - cpu(one)) * 1000) / broadcasts,
      },
    ],
    losses: [...one.losses, ...two.losses],
  };
}

/** A fan-out's outcome, with each node's CPU over the measured run. */
type FanoutOutcome = Outcome & { nodeCpuMs: number[] };

export async function fanout(gen: Generator, target: FanoutTarget, n: number, broadcasts: number, pausedSockets = 0): Promise<FanoutOutcome> {
  const { nodes, productId, dispose } = await target.start(n);
  const nodesCpuMs = () => nodes.map(({ server }) => server.cpuMs());
  const losses: string[] = [];
  try {
    for (const { server, specs } of nodes) {
      const opened = await gen.open(wsUrl(server).replace("/socket/websocket", target.proto === "socketio" ? "" : "/socket/websocket"), target.proto, specs, 50);
      if (opened.failed > 0) losses.push(`${target.name} ${n}: ${opened.failed} sockets failed to open/join`);
    }
    // Likes: 10 sockets take turns (each alternates like and unlike); a per-socket action limit applies.
    const publishers = target.kind === "like" ? 10 : 1;
    // About 100,000 deliveries a second offered, at least one broadcast every 100 ms.
    const interval = Math.max(2, Math.min(100, n / 100));
    const run = async (count: number) => {
      const t0 = now() + 200;
      await gen.all({ cmd: "listen", event: target.event, t0, interval });
      const cpu0 = nodesCpuMs();
      await gen.call(0, { cmd: "publish", sockets: publishers, topicIndex: 0, kind: target.kind, productId, t0, interval, count });
      const expected = (n - pausedSockets) * count;
      let stats = await gen.stats();
      let received = stats.events[target.event] ?? 0;
      for (let waited = 0; received < expected && waited < 15_000; waited += 250) {
        await sleep(250);
        const more = await gen.stats();
        received += more.events[target.event] ?? 0;
        stats = { ...more, latency: stats.latency.map((v, i) => v + more.latency[i]), acks: stats.acks.map((v, i) => v + more.acks[i]) };
      }
      const nodeCpuMs = nodesCpuMs().map((ms, i) => ms - cpu0[i]);
      return { cpuMs: nodeCpuMs.reduce((a, b) => a + b, 0), nodeCpuMs, received, expected, stats };
    };
    await run(Math.max(5, Math.floor(broadcasts / 5))); // JIT warm-up
    // A stalled reader: its TCP receive window fills and the server's buffer for it grows.
    if (pausedSockets > 0) await gen.call(0, { cmd: "pause", from: publishers, count: pausedSockets });
    const { cpuMs, nodeCpuMs, received, expected, stats } = await run(broadcasts);
    if (received < expected) losses.push(`${target.name} ${n}: ${expected - received} of ${expected} deliveries missing`);
    if (stats.failedAcks > 0) losses.push(`${target.name} ${n}: ${stats.failedAcks} publishes refused`);
    const latency = summary(stats.latency);
    return {
      rows: [{ server: target.name, subscribers: n, broadcasts, deliveries: received, cpuMicrosPerDelivery: (cpuMs * 1000) / Math.max(1, received), p50ms: latency.p50, p99ms: latency.p99 }],
      losses,
      nodeCpuMs,
    };
  } finally {
    await gen.closeSockets();
    await Promise.all(nodes.map(({ server }) => server.stop()));
    await dispose?.();
  }
}

// ---- many rooms, persisted -------------------------------------------------------------------

export async function manyRooms(gen: Generator, kind: StoreKind, rooms: number, seconds: number): Promise<Outcome> {
  const size = 5;
  const db = await prepareDatabase(kind, rooms * size, { count: rooms, size });
  const server = await startServer(`ours-product-${kind}`, "product.ts", productEnv(db));
  const losses: string[] = [];
  try {
    const specs = await Promise.all(Array.from({ length: rooms * size }, (_, i) => shopper(i, () => [`chat:room_${benchRoom(Math.floor(i / size))}`])));
    const opened = await gen.open(wsUrl(server), "phoenix", specs, 50);
    if (opened.failed > 0) losses.push(`many rooms ${kind}: ${opened.failed} sockets failed to join (${(await gen.stats()).errors[0] ?? ""})`);
    await gen.stats();
    await gen.all({ cmd: "listen", event: "new_message" });
    await server.probe();
    const cpu0 = server.cpuMs();
    await gen.all({ cmd: "chat", topicIndex: 0, periodMs: 1000, durationMs: seconds * 1000 });
    await sleep(3000);
    const stats = await gen.stats();
    const probe = await server.probe();
    const cpuMs = server.cpuMs() - cpu0;
    const stored = await db.store.db.selectFrom("chat_messages").select("client_id").where("room_id", "like", "bench%").execute();
    const storedIds = new Set(stored.map((r) => r.client_id));
    const missing = stats.ackedIds.filter((id) => !storedIds.has(id)).length;
    if (missing > 0) losses.push(`many rooms ${kind}: ${missing} acknowledged messages not in the database`);
    if (storedIds.size !== stored.length) losses.push(`many rooms ${kind}: ${stored.length - storedIds.size} messages stored twice`);
    const deliveries = stats.events.new_message ?? 0;
    if (deliveries < stats.ackedIds.length * size) losses.push(`many rooms ${kind}: ${stats.ackedIds.length * size - deliveries} new_message deliveries missing`);
    if (stats.closedUnexpectedly > 0) losses.push(`many rooms ${kind}: ${stats.closedUnexpectedly} sockets closed`);
    const ack = summary(stats.acks);
    const delivery = summary(stats.latency);
    return {
      rows: [{
        store: kind, rooms, members: rooms * size, offeredPerSecond: rooms * size, seconds,
        ackedPerSecond: stats.ackedIds.length / seconds, refused: stats.failedAcks, storedOnce: stored.length === storedIds.size,
        ackP50ms: ack.p50, ackP99ms: ack.p99, deliveryP99ms: delivery.p99,
        eventLoopDelayP99ms: probe.loopDelayP99, eventLoopDelayMaxMs: probe.loopDelayMax, serverCpuMsPerMessage: cpuMs / Math.max(1, stats.ackedIds.length),
      }],
      losses,
    };
  } finally {
    await gen.closeSockets();
    await server.stop();
    await db.dispose();
  }
}

// ---- courier tracking ----------------------------------------------------------------------

/**
 * Deliveries on the road, each courier sending location_update once a second, each delivery
 * watched by its customer (participant topic) and a public tracking-link subscriber.
 */
export async function courierTracking(gen: Generator, deliveries: number, seconds: number): Promise<Outcome> {
  const db = await prepareDatabase("sqlite", 2 * deliveries, { count: 0, size: 0 });
  const deliveryId = (i: number) => `benchd${i}`;
  // Delivery i: driven by bench user 2i, ordered by 2i + 1.
  const ids = await addDeliveries(db, Array.from({ length: deliveries }, (_, i) => ({ courier: 2 * i, customer: 2 * i + 1 })), deliveryId);
  const server = await startServer("ours-product", "product.ts", productEnv(db));
  const losses: string[] = [];
  try {
    const participant = (i: number) => () => [topics.delivery(ids[i].id)];
    const couriers = await Promise.all(Array.from({ length: deliveries }, async (_, i) => ({ ...(await shopper(2 * i, participant(i))), courier: true })));
    const customers = await Promise.all(Array.from({ length: deliveries }, (_, i) => shopper(2 * i + 1, participant(i))));
    const publicLinks: SocketSpec[] = Array.from({ length: deliveries }, (_, i) => ({ joins: [[topics.tracking(ids[i].trackingToken), {}]] }));
    const opened = await gen.open(wsUrl(server), "phoenix", [...couriers, ...customers, ...publicLinks], 50);
    if (opened.failed > 0) losses.push(`courier tracking: ${opened.failed} sockets failed to join (${(await gen.stats()).errors[0] ?? ""})`);
    await gen.stats();
    await gen.all({ cmd: "listen", event: "location_updated" });
    await server.probe();
    const cpu0 = server.cpuMs();
    await gen.all({ cmd: "courier", periodMs: 1000, durationMs: seconds * 1000 });
    await sleep(3000);
    const stats = await gen.stats();
    const probe = await server.probe();
    const cpuMs = server.cpuMs() - cpu0;
    const stored = await db.store.db.selectFrom("delivery_locations").select(["delivery_id", "latitude"]).where("delivery_id", "like", "benchd%").execute();
    const storedPoints = new Set(stored.map((r) => `${topics.delivery(r.delivery_id)}|${r.latitude}`));
    const missing = stats.ackedIds.filter((id) => !storedPoints.has(id)).length;
    if (missing > 0) losses.push(`courier tracking: ${missing} acknowledged points not in the database`);
    // The courier's own socket hears its point too: three deliveries per point.
    const deliveriesMissing = stats.ackedIds.length * 3 - (stats.events.location_updated ?? 0);
    if (deliveriesMissing > 0) losses.push(`courier tracking: ${deliveriesMissing} location_updated deliveries missing`);
    if (stats.closedUnexpectedly > 0) losses.push(`courier tracking: ${stats.closedUnexpectedly} sockets closed`);
    const ack = summary(stats.acks);
    const watcher = summary(stats.latency);
    return {
      rows: [{
        deliveries, sockets: opened.opened, seconds, offeredPerSecond: deliveries, ackedPerSecond: stats.ackedIds.length / seconds, refused: stats.failedAcks,
        storedAll: missing === 0, ackP99ms: ack.p99, watcherP50ms: watcher.p50, watcherP99ms: watcher.p99,
        eventLoopDelayP99ms: probe.loopDelayP99, serverCpuMsPerUpdate: cpuMs / Math.max(1, stats.ackedIds.length),
      }],
      losses,
    };
  } finally {
    await gen.closeSockets();
    await server.stop();
    await db.dispose();
  }
}

// ---- join storm, feed join CPU -------------------------------------------------------------

export async function joinStorm(gen: Generator, n: number): Promise<Outcome> {
  const watchers = 50;
  const db = await prepareDatabase("sqlite", n + watchers, { count: 0, size: 0 });
  const server = await startServer("ours-product", "product.ts", productEnv(db));
  const losses: string[] = [];
  try {
    const shop = (u: string) => [`feed:user_${u}`, `notifications:user_${u}`];
    const watcherSpecs = await Promise.all(Array.from({ length: watchers }, (_, i) => shopper(n + i, shop)));
    await gen.open(wsUrl(server), "phoenix", watcherSpecs, 10);
    const specs = await Promise.all(Array.from({ length: n }, (_, i) => shopper(i, shop)));
    const cpu0 = server.cpuMs();
    await gen.all({ cmd: "heartbeat", periodMs: 200, durationMs: 15_000 });
    const opened = await gen.open(wsUrl(server), "phoenix", specs, 500);
    const cpuMs = server.cpuMs() - cpu0;
    const stats = await gen.stats();
    if (opened.failed > 0) losses.push(`join storm: ${opened.failed} of ${n} failed (${stats.errors[0] ?? ""})`);
    // The ranked first page alone (rank, keep the order, load the page), in this process on the same database.
    const reps = 200;
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < reps; i++) {
      const user = benchUser(i % n);
      await loadFeedPage(db.store.db, user, await feedOrder(db.store.db, user, { fresh: true }), 0);
    }
    const cpu = process.cpuUsage(cpuBefore);
    const rtt = summary(stats.rtt);
    const joins = summary(opened.joinTimes);
    return {
      rows: [{
        clients: n, allJoinedMs: opened.ms, failed: opened.failed, joinP99ms: joins.p99, heartbeatRttP99ms: rtt.p99, heartbeats: rtt.n,
        serverCpuMsPerReconnect: cpuMs / n, feedPageQueryCpuMs: (cpu.user + cpu.system) / 1000 / reps,
      }],
      losses,
    };
  } finally {
    await gen.closeSockets();
    await server.stop();
    await db.dispose();
  }
}

// ---- idle memory ---------------------------------------------------------------------------

/** Sockets one server process can hold: its open-file limit (servers inherit the suite's) less what else it opens. */
export function socketsWithinFileLimit(margin = 1_000): number {
  const soft = /^Max open files\s+(\d+)/m.exec(readFileSync("/proc/self/limits", "utf8"))?.[1];
  return Math.max(1, Number(soft ?? 1024) - margin);
}

export async function idleMemory(gen: Generator, n: number): Promise<Outcome> {
  const rows: Array<Record<string, unknown>> = [];
  const losses: string[] = [];
  const measure = async (name: string, server: ServerProcess, specs: SocketSpec[]) => {
    try {
      await server.probe();
      const before = server.rssBytes();
      const opened = await gen.open(wsUrl(server), "phoenix", specs, 100);
      await sleep(2000);
      await server.probe();
      if (opened.failed > 0) losses.push(`idle memory ${name}: ${opened.failed} failed`);
      rows.push({ server: name, sockets: opened.opened, rssBytesPerSocket: Math.round((server.rssBytes() - before) / Math.max(1, opened.opened)) });
    } finally {
      await gen.closeSockets();
      await server.stop();
    }
  };
  await measure("bare ws loop (joined)", await startServer("bare", "bare-ws.ts"), benchSpecs(n));
  const db = await prepareDatabase("sqlite", n, { count: Math.ceil(n / 5), size: 5 });
  try {
    const specs = await Promise.all(Array.from({ length: n }, (_, i) => shopper(i, (u) => [`feed:user_${u}`, `notifications:user_${u}`, `chat:room_${benchRoom(Math.floor(i / 5))}`])));
    await measure("ours: shopper (feed + notifications + chat room)", await startServer("ours-product", "product.ts", productEnv(db)), specs);
  } finally {
    await db.dispose();
  }
  return { rows, losses };
}

// ---- big room ------------------------------------------------------------------------------

export async function bigRoom(gen: Generator, members: number, boundMs: number): Promise<Outcome> {
  const db = await prepareDatabase("sqlite", members, { count: 0, size: 0 });
  const server = await startServer("ours-product", "product.ts", productEnv(db));
  try {
    const specs = await Promise.all(Array.from({ length: members }, (_, i) => shopper(i, () => ["chat:room_bigroom"])));
    const cpu0 = server.cpuMs();
    const opened = await gen.open(wsUrl(server), "phoenix", specs, 10, now() + boundMs);
    await sleep(1000);
    const stats = await gen.stats();
    const presenceFrames = (stats.events.presence_diff ?? 0) + (stats.events.presence_state ?? 0);
    return {
      rows: [{
        members, joined: opened.opened, withinMs: opened.ms, boundMs, serverCpuMsPerJoin: (server.cpuMs() - cpu0) / Math.max(1, opened.opened),
        presenceFramesPerMember: presenceFrames / Math.max(1, opened.opened), userJoinedPerMember: (stats.events.user_joined ?? 0) / Math.max(1, opened.opened),
      }],
      // Joining slower than the bound is a measured shortfall, not a loss.
      losses: opened.failed > 0 ? [`big room: ${opened.failed} joins failed (${stats.errors[0] ?? ""})`] : [],
    };
  } finally {
    await gen.closeSockets();
    await server.stop();
    await db.dispose();
  }
}
