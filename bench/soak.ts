// `npm run soak` (several minutes; run it under `flock /tmp/heavy.lock`): the product server in
// production mode under mixed work from hundreds of sockets (chat in private rooms with an away
// member, likes, courier positions, follows over the JSON API, notifications read). It reports the
// server's memory after a warm-up and after the load (each time with nothing in flight, every socket
// still open) and every 30 s under load, and fails when the heap grows by
// more than HEAP_BYTES_PER_WRITE per stored write or when any acknowledged write is not in the
// database. `--quick` (30 s, in `npm test`) checks only that nothing acknowledged is lost.
// `--seconds N` sets the length, `--postgres` runs on a fresh PostgreSQL database (BENCH_POSTGRES_URL).
import { sql } from "kysely";
import type { SocketSpec } from "./client/worker";
import type { EventCounts, SoakLedger } from "./client/mix";
import { merge as mergeHistograms, newHistogram, summary } from "./lib/histogram";
import { Generator, startServer, type ServerProcess } from "./lib/procs";
import { addDeliveries, benchRoom, benchUser, prepareDatabase, type BenchDatabase } from "./lib/product-db";
import { NO_ADDRESS_LIMITS, productEnv, userToken, wsUrl } from "./lib/product-server";

/**
 * Heap (after a full GC) a stored write may leave behind. What every write keeps for good is in the
 * database, not the heap; the heap holds bounded things (sockets, caches with a size, limiter
 * tables that expire). A leak of anything per message (a Prometheus label, a map entry, a closure)
 * is at least 100-200 bytes and usually the whole message (~500); GC noise over tens of thousands
 * of writes stays far below 100 bytes each.
 */
const HEAP_BYTES_PER_WRITE = 100;
/** Time for the last answers and their notifications to be written before memory is read. */
const SETTLE_MS = 3000;
const ROOM_SIZE = 5;
/** The room's last member never connects: every message notifies them. */
const AWAY_MEMBER = ROOM_SIZE - 1;

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const seconds = Number(args[args.indexOf("--seconds") + 1] || 0) || (quick ? 30 : 300);
const kind = args.includes("--postgres") ? "postgres" : "sqlite";
const population = quick ? { rooms: 15, likers: 30, couriers: 10, followers: 10 } : { rooms: 50, likers: 80, couriers: 40, followers: 40 };
const warmupSeconds = Math.min(30, Math.floor(seconds / 5));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** Who is who: users are numbered rooms first (5 each), then likers, couriers, customers, followers. */
function layout() {
  const { rooms, likers, couriers, followers } = population;
  let next = rooms * ROOM_SIZE;
  const take = (n: number) => Array.from({ length: n }, () => next++);
  return { likers: take(likers), couriers: take(couriers), customers: take(couriers), followers: take(followers), users: () => next };
}

const deliveryId = (i: number) => `soak_d${i}`;

async function socketSpecs(db: BenchDatabase, people: ReturnType<typeof layout>): Promise<SocketSpec[]> {
  const products = (await db.store.db.selectFrom("products").select("id").where("published_at", "is not", null).orderBy("id").execute()).map((p) => p.id);
  const spec = async (user: number, joins: string[], work: SocketSpec["work"]): Promise<SocketSpec> => ({
    query: `&token=${await userToken(benchUser(user))}`,
    joins: joins.map((t) => [t, {}]),
    work,
  });
  const specs: Array<Promise<SocketSpec>> = [];
  for (let r = 0; r < population.rooms; r++) {
    for (let m = 0; m < AWAY_MEMBER; m++) {
      const user = r * ROOM_SIZE + m;
      specs.push(spec(user, [`chat:room_${benchRoom(r)}`, `notifications:user_${benchUser(user)}`], { kind: "chat", periodMs: 3000, readsTopic: 1 }));
    }
  }
  people.likers.forEach((user, i) => {
    const mine = [0, 1, 2].map((k) => products[(i * 3 + k) % products.length]);
    specs.push(spec(user, [`feed:user_${benchUser(user)}`], { kind: "like", user: benchUser(user), products: mine, periodMs: 1000 }));
  });
  people.couriers.forEach((user, i) => specs.push(spec(user, [`delivery:delivery_${deliveryId(i)}`], { kind: "courier", deliveryId: deliveryId(i), periodMs: 1100 })));
  people.customers.forEach((user, i) =>
    specs.push(spec(user, [`delivery:delivery_${deliveryId(i)}`, `notifications:user_${benchUser(user)}`], { kind: "watch", readsTopic: 1 })),
  );
  for (const [i, user] of people.followers.entries()) {
    const target = benchUser(people.customers[i % people.customers.length]);
    specs.push(spec(user, [`notifications:user_${benchUser(user)}`], { kind: "follow", user: benchUser(user), token: await userToken(benchUser(user)), target, periodMs: 2000, readsTopic: 0 }));
  }
  return Promise.all(specs);
}

/** Rows that only ever grow: the writes the memory is divided by. */
async function storedWrites(db: BenchDatabase): Promise<number> {
  const count = async (table: "chat_messages" | "delivery_locations" | "notifications") =>
    Number((await db.store.db.selectFrom(table).select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow()).n);
  return (await count("chat_messages")) + (await count("delivery_locations")) + (await count("notifications"));
}

interface Sample {
  atSeconds: number;
  rss: number;
  heapUsed: number;
  writes: number;
}

async function sample(server: ServerProcess, db: BenchDatabase, started: number): Promise<Sample> {
  const probe = await server.probe();
  return { atSeconds: Math.round((Date.now() - started) / 1000), rss: probe.rss, heapUsed: probe.heapUsed, writes: await storedWrites(db) };
}

function merge(ledgers: SoakLedger[]): SoakLedger {
  const counts: SoakLedger["counts"] = {};
  for (const l of ledgers) {
    for (const [event, c] of Object.entries(l.counts)) {
      const into: EventCounts = (counts[event] ??= { sent: 0, ok: 0, refused: {}, unanswered: 0, replyMs: newHistogram() });
      mergeHistograms(into.replyMs, c.replyMs);
      into.sent += c.sent;
      into.ok += c.ok;
      into.unanswered += c.unanswered;
      for (const [reason, n] of Object.entries(c.refused)) into.refused[reason] = (into.refused[reason] ?? 0) + n;
    }
  }
  return {
    messages: ledgers.flatMap((l) => l.messages),
    likes: ledgers.flatMap((l) => l.likes),
    locations: ledgers.flatMap((l) => l.locations),
    follows: ledgers.flatMap((l) => l.follows),
    counts,
  };
}

/** Every acknowledged write, looked for in the database: what is missing or doubled. */
async function lostWrites(db: BenchDatabase, ledger: SoakLedger, awayUsers: string[]): Promise<string[]> {
  const q = db.store.db;
  const losses: string[] = [];

  const stored = await q.selectFrom("chat_messages").select(["id", "client_id"]).where("room_id", "like", "bench%").execute();
  const copies = new Map<string, string[]>();
  for (const row of stored) if (row.client_id) copies.set(row.client_id, [...(copies.get(row.client_id) ?? []), row.id]);
  const missingMessages = ledger.messages.filter((m) => !copies.get(m.clientId)?.includes(m.messageId)).length;
  const doubled = [...copies.values()].filter((ids) => ids.length > 1).length;
  if (missingMessages > 0) losses.push(`${missingMessages} of ${ledger.messages.length} acknowledged chat messages not in the database`);
  if (doubled > 0) losses.push(`${doubled} chat messages stored more than once`);

  // The away member's notification of each message: give the last ones a moment to be written.
  const notified = async () => {
    const rows = await q.selectFrom("notifications").select("data").where("type", "=", "new_message").where("recipient_id", "in", awayUsers).execute();
    return new Set(rows.map((r) => (JSON.parse(r.data) as { message_id: string }).message_id));
  };
  let seen = await notified();
  for (let waited = 0; waited < 10_000 && ledger.messages.some((m) => !seen.has(m.messageId)); waited += 500) {
    await sleep(500);
    seen = await notified();
  }
  const unnotified = ledger.messages.filter((m) => !seen.has(m.messageId)).length;
  if (unnotified > 0) losses.push(`${unnotified} acknowledged chat messages never notified the room's away member`);

  const likes = await q.selectFrom("product_likes").select(["user_id", "product_id"]).where("user_id", "like", "bench%").execute();
  const liked = new Set(likes.map((l) => `${l.user_id}|${l.product_id}`));
  const wrongLikes = ledger.likes.filter((l) => liked.has(`${l.user}|${l.product}`) !== l.liked).length;
  if (wrongLikes > 0) losses.push(`${wrongLikes} of ${ledger.likes.length} acknowledged likes or unlikes not as acknowledged in the database`);
  const counted = await q
    .selectFrom("product_stats")
    .select(["product_stats.product_id", "product_stats.likes", (eb) => eb.selectFrom("product_likes").whereRef("product_likes.product_id", "=", "product_stats.product_id").select(sql<number>`count(*)`.as("n")).as("rows")])
    .execute();
  const miscounted = counted.filter((c) => Number(c.likes) !== Number(c.rows)).length;
  if (miscounted > 0) losses.push(`${miscounted} products whose like count differs from their likes`);

  const points = await q.selectFrom("delivery_locations").select(["delivery_id", "latitude", "longitude", "recorded_at"]).where("delivery_id", "like", "soak%").execute();
  const at = new Set(points.map((p) => `${p.delivery_id}|${p.latitude}|${p.longitude}|${p.recorded_at}`));
  const missingPoints = ledger.locations.filter((p) => !at.has(`${p.deliveryId}|${p.latitude}|${p.longitude}|${p.recordedAt}`)).length;
  if (missingPoints > 0) losses.push(`${missingPoints} of ${ledger.locations.length} acknowledged courier positions not in the database`);

  const follows = await q.selectFrom("follows").select(["follower_id", "target_id"]).where("follower_id", "like", "bench%").execute();
  const following = new Set(follows.map((f) => `${f.follower_id}|${f.target_id}`));
  const followNotes = await q.selectFrom("notifications").select("data").where("type", "=", "follow").where("recipient_type", "=", "user").execute();
  const notesFrom = new Map<string, number>();
  for (const n of followNotes) {
    const { follower_id, target_id } = JSON.parse(n.data) as { follower_id: string; target_id: string };
    notesFrom.set(`${follower_id}|${target_id}`, (notesFrom.get(`${follower_id}|${target_id}`) ?? 0) + 1);
  }
  const wrongFollows = ledger.follows.filter((f) => following.has(`${f.follower}|${f.target}`) !== f.following).length;
  const wrongNotes = ledger.follows.filter((f) => (notesFrom.get(`${f.follower}|${f.target}`) ?? 0) !== f.created).length;
  if (wrongFollows > 0) losses.push(`${wrongFollows} of ${ledger.follows.length} followers not in the acknowledged state`);
  if (wrongNotes > 0) losses.push(`${wrongNotes} of ${ledger.follows.length} followers whose acknowledged follows did not each store one notification`);
  return losses;
}

const people = layout();
const db = await prepareDatabase(kind, people.users(), { count: population.rooms, size: ROOM_SIZE });
await addDeliveries(db, people.couriers.map((courier, i) => ({ courier, customer: people.customers[i] })), deliveryId);
const awayUsers = Array.from({ length: population.rooms }, (_, r) => benchUser(r * ROOM_SIZE + AWAY_MEMBER));
// Production mode with every per-socket limit at its default; only the per-address limits are off.
const server = await startServer("soak", "product.ts", productEnv(db, NO_ADDRESS_LIMITS));
const gen = new Generator(3);
const losses: string[] = [];
let failed = false;
try {
  const specs = await socketSpecs(db, people);
  const opened = await gen.open(wsUrl(server), "phoenix", specs, 50);
  if (opened.failed > 0) losses.push(`${opened.failed} of ${specs.length} sockets failed to open or join: ${(await gen.stats()).errors[0] ?? ""}`);
  console.log(`soak: ${opened.opened} sockets on ${kind}, ${seconds} s of mixed work (warm-up ${warmupSeconds} s)`);
  const started = Date.now();
  await gen.all({ cmd: "heartbeat", periodMs: 25_000, durationMs: (seconds + 60) * 1000 });
  const mixFor = (s: number) => gen.all<SoakLedger>({ cmd: "mix", durationMs: s * 1000, httpUrl: `http://127.0.0.1:${server.port}` });
  // The warm-up is a run of its own: memory is read with every socket open and nothing in flight,
  // after it and after the load, so a backlog of queued requests is not taken for growth.
  const warmup = await mixFor(warmupSeconds);
  await sleep(SETTLE_MS);
  const first = await sample(server, db, started);
  const running = mixFor(seconds - warmupSeconds);
  const underLoad: Sample[] = [];
  for (let at = 30; at < seconds - warmupSeconds - 5; at += 30) {
    await sleep(started + (warmupSeconds + at) * 1000 + SETTLE_MS - Date.now());
    underLoad.push(await sample(server, db, started));
  }
  const main = await running;
  await sleep(SETTLE_MS);
  const last = await sample(server, db, started);
  // Messages and positions are per run; likes and follows are each socket's state after both.
  const ledger = { ...merge([...warmup, ...main]), likes: merge(main).likes, follows: merge(main).follows };
  const stats = await gen.stats();
  losses.push(...(await lostWrites(db, ledger, awayUsers)));

  const writes = last.writes - first.writes;
  const heapPerWrite = (last.heapUsed - first.heapUsed) / Math.max(1, writes);
  const rssPerWrite = (last.rss - first.rss) / Math.max(1, writes);
  console.log("requests:");
  for (const [event, c] of Object.entries(ledger.counts)) {
    const reply = summary(c.replyMs);
    console.log(
      `  ${event}: ${c.sent} sent, ${c.ok} ok (${(c.ok / seconds).toFixed(1)}/s), refused ${JSON.stringify(c.refused)}, ${c.unanswered} unanswered; reply p50 ${reply.p50} ms, p99 ${reply.p99} ms, max ${reply.max} ms`,
    );
  }
  console.log(`pushes received: ${JSON.stringify(stats.events)}; sockets closed by the server: ${stats.closedUnexpectedly}`);
  console.log(`acknowledged and checked: ${ledger.messages.length} chat messages, ${ledger.likes.length} like states, ${ledger.locations.length} positions, ${ledger.follows.length} followers`);
  console.log("memory (after a full GC):");
  const line = (s: Sample, when: string) => console.log(`  ${s.atSeconds} s, ${when}: rss ${mib(s.rss)}, heap ${mib(s.heapUsed)}, ${s.writes} rows written`);
  line(first, "after the warm-up, nothing in flight");
  for (const s of underLoad) line(s, "under load");
  line(last, "after the load, nothing in flight");
  console.log(`  growth over ${writes} writes: heap ${heapPerWrite.toFixed(1)} B/write (${quick ? "not judged in --quick: too short to warm up" : `limit ${HEAP_BYTES_PER_WRITE}`}), rss ${rssPerWrite.toFixed(1)} B/write`);
  if (!quick && heapPerWrite > HEAP_BYTES_PER_WRITE) losses.push(`heap grew ${heapPerWrite.toFixed(1)} bytes per write (limit ${HEAP_BYTES_PER_WRITE})`);
} catch (err) {
  losses.push(`soak: ${(err as Error).stack ?? String(err)}`);
} finally {
  await gen.closeSockets().catch(() => undefined);
  gen.stop();
  await server.stop();
  await db.dispose();
  failed = losses.length > 0;
}
if (failed) console.error(`FAILED:\n${losses.join("\n")}`);
else console.log("soak passed: every acknowledged write is in the database");
process.exit(failed ? 1 : 0);
