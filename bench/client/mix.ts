// The soak's mixed work, run inside each load-generator process (bench/soak.ts): every socket does
// what its spec's `work` says, one request at a time, and the ledger keeps every acknowledged write
// so the driver can look for it in the database afterwards.
import { newHistogram, record, type Histogram } from "../lib/histogram";

/** What one socket does during a soak. Topic 0 is the socket's working topic; `readsTopic` its notifications. */
export type SoakWork = { readsTopic?: number } & (
  | { kind: "chat"; periodMs: number }
  /** Likes and unlikes its products in turn. */
  | { kind: "like"; user: string; products: string[]; periodMs: number }
  /** The delivery's courier: a position every period. */
  | { kind: "courier"; deliveryId: string; periodMs: number }
  /** Follows and unfollows `target` in turn over the JSON API; each follow notifies the target. */
  | { kind: "follow"; user: string; token: string; target: string; periodMs: number }
  /** Stays joined (a customer watching the courier, a follow target) and reads its notifications. */
  | { kind: "watch" }
);

export interface SoakLedger {
  messages: Array<{ clientId: string; messageId: string }>;
  /** The last acknowledged state of each (user, product) a liker touched; uncertain pairs left out. */
  likes: Array<{ user: string; product: string; liked: boolean }>;
  locations: Array<{ deliveryId: string; latitude: number; longitude: number; recordedAt: string }>;
  /** Follows acknowledged as new (each one stored a notification for the target), and the last acknowledged state. */
  follows: Array<{ follower: string; target: string; created: number; following: boolean }>;
  /** Per event: sent, acknowledged, refused by reason, unanswered within the timeout, and how long the answers took. */
  counts: Record<string, EventCounts>;
}

export interface EventCounts {
  sent: number;
  ok: number;
  refused: Record<string, number>;
  unanswered: number;
  replyMs: Histogram;
}

export interface MixClient {
  send(topicIndex: number, event: string, payload: unknown, onReply?: (ok: boolean, response: unknown) => void): void;
}

type Outcome = { status: "ok" | "error" | "timeout"; response: any };

// Long: an answer that comes late is still an answer, and an unanswered write leaves its check uncertain.
const REPLY_TIMEOUT_MS = 30_000;
/** Notifications are read about every this often by each socket that has them. */
const READ_EVERY_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What a socket has done so far, kept across runs (the soak's warm-up is a run of its own): the
 * likes and follows it knows the state of, and its step count, so ids and points never repeat.
 */
interface SocketState {
  steps: number;
  likes: Map<string, boolean | null>;
  follow: { created: number; following: boolean; certain: boolean };
}
const states = new WeakMap<MixClient, SocketState>();
const stateOf = (client: MixClient): SocketState => {
  let state = states.get(client);
  if (!state) states.set(client, (state = { steps: 0, likes: new Map(), follow: { created: 0, following: false, certain: true } }));
  return state;
};

/**
 * One run of every socket's work for `durationMs`. The ledger holds this run's messages and positions,
 * and the likes and follows as they stand after every run so far.
 */
export async function runMix(sockets: Array<{ client: MixClient; work: SoakWork }>, durationMs: number, httpUrl: string): Promise<SoakLedger> {
  const ledger: SoakLedger = { messages: [], likes: [], locations: [], follows: [], counts: {} };
  const end = Date.now() + durationMs;
  const count = (event: string) => (ledger.counts[event] ??= { sent: 0, ok: 0, refused: {}, unanswered: 0, replyMs: newHistogram() });
  const settle = (event: string, sentAt: number, outcome: Outcome): Outcome => {
    const c = count(event);
    if (outcome.status !== "timeout") record(c.replyMs, Date.now() - sentAt);
    if (outcome.status === "ok") c.ok++;
    else if (outcome.status === "timeout") c.unanswered++;
    else c.refused[outcome.response?.reason ?? "unknown"] = (c.refused[outcome.response?.reason ?? "unknown"] ?? 0) + 1;
    return outcome;
  };

  const request = (client: MixClient, topicIndex: number, event: string, payload: unknown): Promise<Outcome> => {
    count(event).sent++;
    const sentAt = Date.now();
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(settle(event, sentAt, { status: "timeout", response: null })), REPLY_TIMEOUT_MS);
      client.send(topicIndex, event, payload, (ok, response) => {
        clearTimeout(timer);
        resolve(settle(event, sentAt, { status: ok ? "ok" : "error", response }));
      });
    });
  };

  const http = async (event: string, method: string, token: string, body: unknown): Promise<Outcome> => {
    count(event).sent++;
    const sentAt = Date.now();
    try {
      const res = await fetch(`${httpUrl}/api/v1/follows`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REPLY_TIMEOUT_MS),
      });
      const response = await res.json().catch(() => null);
      return settle(event, sentAt, { status: res.ok ? "ok" : "error", response: res.ok ? response : { reason: response?.error ?? `http_${res.status}` } });
    } catch (err) {
      const timedOut = (err as Error).name === "TimeoutError";
      return settle(event, sentAt, timedOut ? { status: "timeout", response: null } : { status: "error", response: { reason: `fetch: ${(err as Error).message}` } });
    }
  };

  /** `step` every `periodMs` (a random first phase, so sockets do not act in step) until the end. */
  const repeat = async (periodMs: number, step: (n: number) => Promise<void>) => {
    await sleep(Math.random() * periodMs);
    for (let n = 0; Date.now() < end; n++) {
      const started = Date.now();
      await step(n);
      await sleep(Math.max(0, periodMs - (Date.now() - started)));
    }
  };

  const work = ({ client, work }: { client: MixClient; work: SoakWork }, i: number): Array<Promise<void>> => {
    const loops: Array<Promise<void>> = [];
    const state = stateOf(client);
    if (work.readsTopic !== undefined) loops.push(repeat(READ_EVERY_MS, async () => void (await request(client, work.readsTopic!, "mark_all_read", {}))));
    switch (work.kind) {
      case "chat":
        loops.push(
          repeat(work.periodMs, async () => {
            const clientId = `s${process.pid}-${i}-${state.steps++}`;
            const reply = await request(client, 0, "message", { content: `soak ${clientId} ${"x".repeat(80)}`, client_id: clientId });
            if (reply.status === "ok") ledger.messages.push({ clientId, messageId: reply.response.message_id });
          }),
        );
        break;
      case "like": {
        const likes = state.likes;
        loops.push(
          repeat(work.periodMs, async () => {
            const product = work.products[state.steps++ % work.products.length];
            if (likes.get(product) === null) return;
            const liked = likes.get(product) ?? false;
            const reply = await request(client, 0, liked ? "unlike_item" : "like_item", { product_id: product });
            // Refused by the rate limit, which comes first: unchanged. Anything else may have written.
            if (reply.status === "ok") likes.set(product, !liked);
            else if (reply.response?.reason !== "rate_limited") likes.set(product, null);
          }).then(() => {
            for (const [product, liked] of likes) if (liked !== null) ledger.likes.push({ user: work.user, product, liked });
          }),
        );
        break;
      }
      case "courier":
        loops.push(
          repeat(work.periodMs, async () => {
            // A metre or so a step, each point different from the others.
            const point = { latitude: 40.7 + state.steps++ * 1e-5, longitude: -73.99 + (i % 100) * 1e-4 };
            const reply = await request(client, 0, "location_update", point);
            if (reply.status === "ok") ledger.locations.push({ deliveryId: work.deliveryId, ...point, recordedAt: reply.response.recorded_at });
          }),
        );
        break;
      case "follow": {
        const follow = state.follow;
        loops.push(
          repeat(work.periodMs, async () => {
            if (!follow.certain) return;
            const body = { target_type: "user", target_id: work.target };
            const reply = follow.following ? await http("unfollow", "DELETE", work.token, body) : await http("follow", "POST", work.token, body);
            if (reply.status === "ok") {
              if (!follow.following) follow.created++;
              follow.following = !follow.following;
            } else follow.certain = false;
          }).then(() => {
            if (follow.certain) ledger.follows.push({ follower: work.user, target: work.target, created: follow.created, following: follow.following });
          }),
        );
        break;
      }
      case "watch":
        break;
    }
    return loops;
  };

  await Promise.all(sockets.flatMap(work));
  return ledger;
}
