// One load-generator process (forked by bench/run.ts): opens its share of the sockets, speaks
// Phoenix V2 JSON or Socket.IO, and answers the driver's commands over IPC with merged-able stats.
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import { io, type Socket as IoSocket } from "socket.io-client";
import { newHistogram, record, type Histogram } from "../lib/histogram";
import { runMix, type SoakWork } from "./mix";

export type Proto = "phoenix" | "socketio";
export interface SocketSpec {
  /** Query string after `?vsn=2.0.0` (e.g. `&token=...`). */
  query?: string;
  joins: Array<[topic: string, payload: unknown]>;
  /** What the socket does in a soak (`mix`). */
  work?: SoakWork;
  /** A courier: `courier` makes it send its delivery's location_update (topic 0); its own echo is not timed. */
  courier?: boolean;
}
export type Command =
  | { cmd: "open"; url: string; proto: Proto; sockets: SocketSpec[]; sourceAddresses: number; concurrency: number; deadline?: number }
  | { cmd: "listen"; event: string; t0?: number; interval?: number }
  | { cmd: "publish"; sockets: number; topicIndex: number; kind: "tick" | "like" | "chat"; productId?: string; t0: number; interval: number; count: number }
  | { cmd: "chat"; topicIndex: number; periodMs: number; durationMs: number }
  | { cmd: "heartbeat"; periodMs: number; durationMs: number }
  | { cmd: "mix"; durationMs: number; httpUrl: string }
  | { cmd: "courier"; periodMs: number; durationMs: number }
  | { cmd: "pause"; from: number; count: number }
  | { cmd: "stats" }
  | { cmd: "close" };

const now = () => performance.timeOrigin + performance.now();
const PAD = "x".repeat(100);
/** `[join_ref, ref, "topic", "event",` of a V2 frame (refs are digits, topics and events plain). */
const FRAME_HEAD = /^\[(?:null|"[^"]*"),(?:null|"[^"]*"),"[^"]*","([^"]*)",/;

interface Client {
  send(topicIndex: number, event: string, payload: unknown, onReply?: (ok: boolean, response: unknown) => void): void;
  heartbeat(onReply: () => void): void;
  pause(): void;
  close(): void;
}

let clients: Client[] = [];
const specOf = new Map<Client, SocketSpec>();
/** Each socket's count of frames per event, which a `listen` with a schedule starts afresh. */
const seenMaps: Array<Map<string, number>> = [];
let listenEvent: string | null = null;
let schedule: { t0: number; interval: number } | null = null;
let latency: Histogram = newHistogram();
let acks: Histogram = newHistogram();
let rtt: Histogram = newHistogram();
let events: Record<string, number> = {};
let ackedIds: string[] = [];
let errors: string[] = [];
let failedAcks = 0;
let closedUnexpectedly = 0;
let closing = false;

function noteError(message: string): void {
  if (errors.length < 20) errors.push(message);
}

/** A frame of `event` arrived at a socket (opened from `spec`) that has seen `seen` of them before. */
function onEvent(event: string, seen: number, payload: unknown, spec: SocketSpec): void {
  events[event] = (events[event] ?? 0) + 1;
  if (event !== listenEvent || spec.courier) return;
  if (schedule) record(latency, now() - (schedule.t0 + seen * schedule.interval));
  else {
    const sent = sentAt(payload);
    if (sent !== null) record(latency, now() - sent);
  }
}

/**
 * A courier's send time rides in the latitude's last digits (the position is stored and broadcast
 * as sent): 40.5 plus the send time modulo 1,000 s, in units of 1e-9 degrees (1 ms).
 */
const LATITUDE_BASE = 40.5;
const LATITUDE_PERIOD_MS = 1_000_000;
const latitudeAt = (t: number) => LATITUDE_BASE + (t % LATITUDE_PERIOD_MS) / 1e9;
function sentAtLatitude(latitude: number): number {
  const remainder = (latitude - LATITUDE_BASE) * 1e9;
  const t = now();
  return t - ((((t - remainder) % LATITUDE_PERIOD_MS) + LATITUDE_PERIOD_MS) % LATITUDE_PERIOD_MS);
}

/** Chat messages carry their send time in the content ("t=<ms> ..."); bench ticks in `t`; locations in the latitude. */
function sentAt(payload: unknown): number | null {
  const p = payload as { content?: string; t?: number; latitude?: number } | null;
  if (typeof p?.t === "number") return p.t;
  if (typeof p?.latitude === "number") return sentAtLatitude(p.latitude);
  const m = typeof p?.content === "string" ? /^t=([\d.]+) /.exec(p.content) : null;
  return m ? Number(m[1]) : null;
}

function openPhoenix(url: string, spec: SocketSpec, localAddress: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}?vsn=2.0.0${spec.query ?? ""}`, { perMessageDeflate: false, localAddress });
    let ref = 0;
    const pending = new Map<string, (ok: boolean, response: unknown) => void>();
    const seen = new Map<string, number>();
    seenMaps.push(seen);
    const joinRefs: string[] = [];
    ws.once("error", reject);
    ws.on("close", () => {
      if (!closing) closedUnexpectedly++;
    });
    ws.on("message", (data: Buffer) => {
      // Most frames are only counted: their event is read from the head, the payload (a big room's
      // presence_state is hundreds of KB) is not parsed, so the generator is not what bounds a run.
      const head = FRAME_HEAD.exec(data.toString("latin1", 0, 200));
      if (head && head[1] !== "phx_reply" && head[1] !== listenEvent) {
        const n = seen.get(head[1]) ?? 0;
        seen.set(head[1], n + 1);
        return onEvent(head[1], n, null, spec);
      }
      const [, r, , event, payload] = JSON.parse(data.toString()) as [string | null, string | null, string, string, any];
      if (event === "phx_reply") {
        const done = r === null ? undefined : pending.get(r);
        if (done) {
          pending.delete(r!);
          done(payload.status === "ok", payload.response);
        }
        return;
      }
      const n = seen.get(event) ?? 0;
      seen.set(event, n + 1);
      onEvent(event, n, payload, spec);
    });
    const push = (joinRef: string | null, topic: string, event: string, payload: unknown, done?: (ok: boolean, response: unknown) => void) => {
      const r = String(++ref);
      if (done) pending.set(r, done);
      ws.send(JSON.stringify([joinRef, r, topic, event, payload]));
      return r;
    };
    ws.once("open", async () => {
      ws.off("error", reject);
      ws.on("error", (err) => noteError(`socket: ${err.message}`));
      try {
        for (const [topic, payload] of spec.joins) {
          await new Promise<void>((ok, fail) => {
            const r = push(null, topic, "phx_join", payload, (success, response) =>
              success ? ok() : fail(new Error(`join ${topic}: ${JSON.stringify(response)}`)),
            );
            // A join's ref is its join_ref: later pushes to the topic carry it.
            joinRefs.push(r);
          });
        }
      } catch (err) {
        ws.terminate();
        return reject(err);
      }
      resolve({
        send(topicIndex, event, payload, onReply) {
          push(joinRefs[topicIndex], spec.joins[topicIndex][0], event, payload, onReply);
        },
        heartbeat(onReply) {
          push(null, "phoenix", "heartbeat", {}, () => onReply());
        },
        pause: () => (ws as unknown as { _socket: { pause(): void } })._socket.pause(),
        close: () => ws.terminate(),
      });
    });
  });
}

function openSocketIo(url: string, spec: SocketSpec, localAddress: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket: IoSocket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, localAddress } as never);
    const seen = new Map<string, number>();
    seenMaps.push(seen);
    socket.once("connect_error", reject);
    socket.on("disconnect", () => {
      if (!closing) closedUnexpectedly++;
    });
    socket.onAny((event: string, payload: unknown) => {
      const n = seen.get(event) ?? 0;
      seen.set(event, n + 1);
      onEvent(event, n, payload, spec);
    });
    socket.once("connect", async () => {
      for (const [topic] of spec.joins) await new Promise((ok) => socket.emit("join", topic, ok));
      resolve({
        send(topicIndex, event, payload, onReply) {
          socket.emit(event, spec.joins[topicIndex][0], payload, () => onReply?.(true, null));
        },
        heartbeat(onReply) {
          socket.emit("ping_bench", onReply);
        },
        pause: () => (socket.io.engine as unknown as { transport: { ws: { _socket: { pause(): void } } } }).transport.ws._socket.pause(),
        close: () => socket.disconnect(),
      });
    });
  });
}

async function open(command: Extract<Command, { cmd: "open" }>) {
  closing = false;
  const started = now();
  const joinTimes = newHistogram();
  let failed = 0;
  let next = 0;
  const opener = command.proto === "phoenix" ? openPhoenix : openSocketIo;
  const runner = async () => {
    while (next < command.sockets.length && (command.deadline === undefined || now() < command.deadline)) {
      const i = next++;
      const t = now();
      try {
        const localAddress = `127.0.0.${1 + (i % command.sourceAddresses)}`;
        const client = await opener(command.url, command.sockets[i], localAddress);
        clients.push(client);
        specOf.set(client, command.sockets[i]);
        record(joinTimes, now() - t);
      } catch (err) {
        failed++;
        noteError(`open: ${(err as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: command.concurrency }, runner));
  return { opened: clients.length, failed, joinTimes, ms: now() - started };
}

/** Likes each socket has sent: a socket alternates like and unlike, so every one changes the count. */
const likesSent = new Map<Client, number>();

function publish(command: Extract<Command, { cmd: "publish" }>) {
  const senders = clients.slice(0, command.sockets);
  let sent = 0;
  return new Promise<{ sent: number }>((resolve) => {
    const tick = () => {
      while (sent < command.count && now() >= command.t0 + sent * command.interval) {
        const k = sent++;
        const client = senders[k % senders.length];
        const t = now();
        const onReply = (ok: boolean) => (ok ? record(acks, now() - t) : failedAcks++);
        if (command.kind === "tick") client.send(command.topicIndex, "fanout", { seq: k, t, pad: PAD }, onReply);
        else if (command.kind === "like") {
          const n = likesSent.get(client) ?? 0;
          likesSent.set(client, n + 1);
          client.send(command.topicIndex, n % 2 ? "unlike_item" : "like_item", { product_id: command.productId }, onReply);
        }
        else client.send(command.topicIndex, "message", { content: `t=${t} ${PAD}`, client_id: `p${process.pid}-${k}` }, onReply);
      }
      if (sent < command.count) setTimeout(tick, Math.max(0, command.t0 + sent * command.interval - now()));
      else resolve({ sent });
    };
    tick();
  });
}

/** Every socket sends a chat message every periodMs (random phase) until the end; acked ids are kept. */
function chat(command: Extract<Command, { cmd: "chat" }>) {
  const end = now() + command.durationMs;
  let sent = 0;
  const timers = clients.map((client, i) =>
    setTimeout(function again() {
      if (now() >= end) return;
      const t = now();
      const clientId = `c${process.pid}-${i}-${sent++}`;
      client.send(command.topicIndex, "message", { content: `t=${t} ${PAD}`, client_id: clientId }, (ok) => {
        if (!ok) return void failedAcks++;
        record(acks, now() - t);
        ackedIds.push(clientId);
      });
      timers[i] = setTimeout(again, command.periodMs);
    }, Math.random() * command.periodMs),
  );
  return new Promise<{ sent: number }>((resolve) => setTimeout(() => resolve({ sent }), command.durationMs + 10));
}

/** Every courier sends its position every periodMs (random phase); acked points are kept as `<delivery topic>|<latitude>`. */
function courier(command: Extract<Command, { cmd: "courier" }>) {
  const end = now() + command.durationMs;
  for (const client of clients) {
    const spec = specOf.get(client);
    if (!spec?.courier) continue;
    const topic = spec.joins[0][0];
    setTimeout(function again() {
      if (now() >= end) return;
      const t = now();
      const latitude = latitudeAt(t);
      client.send(0, "location_update", { latitude, longitude: -73.98 }, (ok) => {
        if (!ok) return void failedAcks++;
        record(acks, now() - t);
        ackedIds.push(`${topic}|${latitude}`);
      });
      setTimeout(again, command.periodMs);
    }, Math.random() * command.periodMs);
  }
  return new Promise<object>((resolve) => setTimeout(() => resolve({}), command.durationMs + 10));
}

function heartbeat(command: Extract<Command, { cmd: "heartbeat" }>) {
  const end = now() + command.durationMs;
  for (const client of clients) {
    setTimeout(function again() {
      if (now() >= end) return;
      const t = now();
      client.heartbeat(() => record(rtt, now() - t));
      setTimeout(again, command.periodMs);
    }, Math.random() * command.periodMs);
  }
  return Promise.resolve({});
}

function stats() {
  const result = { events, latency, acks, rtt, ackedIds, errors, failedAcks, closedUnexpectedly };
  events = {};
  latency = newHistogram();
  acks = newHistogram();
  rtt = newHistogram();
  ackedIds = [];
  errors = [];
  failedAcks = 0;
  return result;
}

process.on("message", async (message: Command & { id: number }) => {
  let result: unknown;
  switch (message.cmd) {
    case "open":
      result = await open(message);
      break;
    case "listen":
      listenEvent = message.event;
      for (const seen of seenMaps) seen.clear();
      schedule = message.t0 !== undefined && message.interval !== undefined ? { t0: message.t0, interval: message.interval } : null;
      result = {};
      break;
    case "publish":
      result = await publish(message);
      break;
    case "chat":
      result = await chat(message);
      break;
    case "heartbeat":
      result = await heartbeat(message);
      break;
    case "mix": {
      const working = clients.flatMap((client) => {
        const work = specOf.get(client)?.work;
        return work ? [{ client, work }] : [];
      });
      result = await runMix(working, message.durationMs, message.httpUrl);
      break;
    }
    case "courier":
      result = await courier(message);
      break;
    case "pause":
      for (const client of clients.slice(message.from, message.from + message.count)) client.pause();
      result = {};
      break;
    case "stats":
      result = stats();
      break;
    case "close":
      closing = true;
      for (const client of clients) client.close();
      clients = [];
      specOf.clear();
      seenMaps.length = 0;
      likesSent.clear();
      result = {};
      break;
  }
  process.send!({ id: message.id, result });
});
