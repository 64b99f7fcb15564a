import type { z } from "zod";
import type { ChannelEvents } from "@/lib/events/common";
import type { ReplyStatus } from "@/lib/protocol";
import type { Identity } from "../socket/auth";
import type { LimitName } from "../limits/limits";
import type { RateLimit } from "../limits/limiter-store";

/** What a handler answers to a push that carried a ref. */
export interface Reply {
  status: ReplyStatus;
  response: unknown;
}

export const ok = (response: unknown = {}): Reply => ({ status: "ok", response });
export const error = (reason: string, extra: Record<string, unknown> = {}): Reply => ({
  status: "error",
  response: { reason, ...extra },
});

export interface JoinRefusal {
  status: "error";
  response: unknown;
}
export type JoinResult<State> = { status: "ok"; response: unknown; state: State } | JoinRefusal;

export const joined = <const State>(response: unknown, state: State) => ({ status: "ok" as const, response, state });
export const refused = (reason: string): JoinRefusal => ({ status: "error", response: { reason } });

/** A permission decision as `authorizeIn` answers it: null lets the event through. */
export const refusalOf = (decision: { ok: true } | { ok: false; reason: string }): Reply | null =>
  decision.ok ? null : error(decision.reason);

export type TerminateReason = "leave" | "closed" | "duplicate_join" | "crash";

/** What a channel module sees of one join: Phoenix's `socket` with its assigns. */
export interface ChannelContext<State = unknown> {
  readonly topic: string;
  readonly joinRef: string;
  /** The join's identity: the join payload's token, else the socket's; null when anonymous. */
  readonly user: Identity | null;
  /** Set from the join result; the channel's own assigns. */
  state: State;
  /** To this join only (Phoenix `push/3`). */
  push(event: string, payload: unknown): void;
  /** To every join of this topic, on every node. */
  broadcast(event: string, payload: unknown): void;
  /** To every join of this topic but this one. */
  broadcastFrom(event: string, payload: unknown): void;
  /** Receive another topic's broadcasts through `handleInfo`. */
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
  /**
   * Presence on this topic, removed when the join ends. Resolves once the topic's presences on
   * every node are known (pushPresenceState then sends all of them); true when `key` was not present before.
   */
  track(key: string, meta: Record<string, unknown>): Promise<boolean>;
  /** `presence_state` to this join: everyone present on the topic now, on every node. */
  pushPresenceState(): void;
  /** One event under a per-socket limit; false means over it (counted in /metrics under `name`). */
  allow(name: LimitName, limit: RateLimit): Promise<boolean>;
}

// State is inferred from what `join` returns; NoInfer keeps the handlers from widening it.
type Ctx<State> = ChannelContext<NoInfer<State>>;

type InHandlers<Events extends ChannelEvents, State> = {
  [E in keyof Events["in"]]: (
    ctx: Ctx<State>,
    payload: z.output<Events["in"][E]>,
  ) => Reply | void | Promise<Reply | void>;
};

/**
 * A channel: registered by topic pattern, validated by its event schemas from `lib/events`.
 * Handlers get already-parsed payloads; a handler that returns nothing replies ok `{}`.
 */
export interface ChannelModule<Events extends ChannelEvents = ChannelEvents, State = unknown> {
  /** The kind shown in metrics and monitoring ("chat", "delivery"...). */
  readonly name: string;
  /** Topic patterns, `*` only at the end: `"chat:room_*"`. */
  readonly patterns: readonly string[];
  /**
   * Topics anyone may join with a link (the tracking topic): their joins never see the socket's
   * identity, so an expired or refreshed token changes nothing there.
   */
  isPublic?(topic: string): boolean;
  readonly events: Events;
  join(ctx: Ctx<State>, payload: z.output<Events["join"]>): JoinResult<State> | Promise<JoinResult<State>>;
  /** After the ok reply went out: pushes that must follow the reply (history, presence_state). */
  afterJoin?(ctx: Ctx<State>): void | Promise<void>;
  /**
   * Asked before every client event's handler (after its payload parsed): a refusal reply stops it.
   * Channels whose permission depends on what the event touches check in the handler instead.
   */
  authorizeIn?(ctx: Ctx<State>, event: string): Reply | null | Promise<Reply | null>;
  handleIn: InHandlers<Events, State>;
  /**
   * Broadcasts of topics subscribed with `ctx.subscribe`. Pushing the broadcast's own event and
   * payload on encodes it once for every join; the payload is shared, so never change it (push a
   * new object for what differs per join).
   */
  handleInfo?(ctx: Ctx<State>, topic: string, event: string, payload: unknown): void;
  /** Broadcast events of this topic that go through `handleOut` per join instead of the encode-once fast lane (handleInfo's sharing applies). */
  readonly intercept?: readonly string[];
  handleOut?(ctx: Ctx<State>, event: string, payload: unknown): void;
  /**
   * Broadcasts to this join since `since` may have been lost (the cluster relay was down): push
   * fresh state. Without it the client simply carries on.
   */
  resync?(ctx: Ctx<State>, since: Date): void | Promise<void>;
  terminate?(ctx: Ctx<State>, reason: TerminateReason): void | Promise<void>;
}

/**
 * Identity function that lets TypeScript infer handler payload types from the schemas.
 * Annotate `join`'s return type (`JoinResult<MyState>`) so `ctx.state` is typed in every handler.
 */
export function defineChannel<Events extends ChannelEvents, State>(
  module: ChannelModule<Events, State>,
): ChannelModule<Events, State> {
  return module;
}
