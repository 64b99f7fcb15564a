import type { Counter } from "prom-client";
import { MemoryLimiterStore, type KeyedLimiter, type LimiterStore, type RateLimit, type TokenBucket } from "./limiter-store";

/** The `limit` label of `realtime_limit_refusals_total`: names from code only, never from a client. */
export type LimitName =
  | "frame_bytes"
  | "longpoll_body_bytes"
  | "inbox_frames"
  | "socket_events"
  | "socket_joins"
  | "connections_per_ip"
  | "connections_per_ip_per_minute"
  | "slow_consumer"
  | "chat_message"
  | "chat_messages_per_user"
  | "chat_typing"
  | "feed_actions"
  | "delivery_location"
  | "upload_bytes"
  | "media_quota";

/**
 * Every limit of the server, each refusal counted under its name. Per-socket limits count in this
 * process; shared ones (per user, per delivery, per client address per minute) in the LimiterStore that
 * start-app.ts picks (Redis in a cluster, so every node counts together).
 */
export class Limits {
  private readonly local = new MemoryLimiterStore();
  private readonly perSocket = new Map<LimitName, KeyedLimiter>();

  constructor(
    private readonly store: LimiterStore,
    private readonly refusals: Counter<"limit">,
  ) {}

  /** One event of socket `socketId` under the per-socket limit `name`; the first definition of a name is the one used. */
  async allowSocket(socketId: string, name: LimitName, limit: RateLimit): Promise<boolean> {
    let limiter = this.perSocket.get(name);
    if (!limiter) this.perSocket.set(name, (limiter = this.local.limiter(`socket_${name}`, limit)));
    return this.counted(name, await limiter.take(socketId));
  }

  /** A limit every node shares: a window of `points`, or a token bucket. */
  shared(name: LimitName, limit: RateLimit | TokenBucket): KeyedLimiter {
    const limiter = "capacity" in limit ? this.store.bucket(name, limit) : this.store.limiter(name, limit);
    return { take: async (key) => this.counted(name, await limiter.take(key)), retryAfterMs: (key) => limiter.retryAfterMs(key) };
  }

  /** A refusal decided outside a rate limiter (a size, a count of open sockets). */
  refused(name: LimitName): void {
    this.refusals.inc({ limit: name });
  }

  private counted(name: LimitName, allowed: boolean): boolean {
    if (!allowed) this.refused(name);
    return allowed;
  }
}
