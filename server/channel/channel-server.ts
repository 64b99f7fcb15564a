import { z } from "zod";
import { PHX_CLOSE, PHX_ERROR, PRESENCE_STATE, REASON, TOKEN_EXPIRED_EVENT } from "@/lib/protocol";
import type { Logger } from "../log";
import type { Metrics } from "../monitor/metrics";
import type { Presence } from "../presence/presence";
import type { Frame, Message } from "../protocol/message";
import type { Broadcast, PubSub, Subscriber } from "../pubsub/pubsub";
import type { Limits, LimitName } from "../limits/limits";
import type { RateLimit } from "../limits/limiter-store";
import type { Serializer } from "../serializer/serializer";
import { isExpired, type Identity, type TokenVerifier } from "../socket/auth";
import { error, ok, type ChannelContext, type ChannelModule, type Reply, type TerminateReason } from "./channel";

type AnyModule = ChannelModule<any, any>;

/** What every join on a node shares; the socket endpoint provides it. */
export interface ChannelRuntime {
  readonly pubsub: PubSub;
  readonly presence: Presence;
  readonly verifier: TokenVerifier;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly limits: Limits;
  /** Counted, then to every subscriber of the topic on every node but `except`. */
  broadcast(topic: string, event: string, payload: unknown, except?: Subscriber | null): void;
}

/** What a join needs of the socket it runs on (a Connection), and nothing more. */
export interface ChannelHost {
  readonly runtime: ChannelRuntime;
  readonly serializer: Serializer;
  /** One frame to the client; dropped once the socket is closed. */
  sendFrame(frame: Frame): void;
  reply(joinRef: string | null, ref: string | null, topic: string, reply: Reply): void;
  /** The join crashed: the socket forgets it, so a new join of the topic starts afresh. */
  forgetChannel(channel: ChannelServer): void;
  /** One event under a per-socket limit; false when over it (counted). */
  allow(name: LimitName, limit: RateLimit): Promise<boolean>;
  /** A fresh token of the join's user renews the socket's identity too. */
  renewIdentity(identity: Identity): void;
}

/** Broadcasts of a topic a channel subscribed to besides its own go to its `handleInfo`. */
class InfoSubscriber implements Subscriber {
  constructor(private readonly channel: ChannelServer) {}
  deliver(broadcast: Broadcast): void {
    this.channel.info(broadcast);
  }
}

/**
 * The runtime of one join: validates inbound payloads against the module's schemas,
 * runs its handlers, turns their results into exactly one reply, and isolates crashes
 * (`phx_error` for this topic only).
 */
export class ChannelServer implements ChannelContext, Subscriber {
  state: unknown = undefined;
  private extraTopics: Map<string, InfoSubscriber> | null = null;
  private closed = false;
  /** The broadcast handleInfo or handleOut is running for: pushing it on shares its encoding. */
  private forwarding: Broadcast | null = null;
  /** This join's part of every such push (its topic and join_ref), encoded at the first. */
  private pushOwn: Buffer | null = null;

  constructor(
    private readonly host: ChannelHost,
    readonly module: AnyModule,
    readonly topic: string,
    readonly joinRef: string,
    public user: Identity | null,
  ) {}

  // ---- lifecycle, driven by the Connection ----

  async join(payload: unknown): Promise<Reply> {
    let result;
    try {
      const parsed = parsePayload(this.module.events.join, payload ?? {});
      if (!parsed.success) return parsed.reply;
      result = await this.module.join(this, parsed.data);
    } catch (err) {
      this.host.runtime.log.error({ err, topic: this.topic }, "join crashed");
      this.host.runtime.metrics.errors.inc({ kind: "join_crash" });
      return error(REASON.joinCrashed);
    }
    if (result.status !== "ok") return { status: "error", response: result.response };
    this.state = result.state;
    await this.host.runtime.pubsub.subscribe(this.topic, this);
    return ok(result.response);
  }

  async afterJoin(): Promise<void> {
    if (!this.module.afterJoin) return;
    try {
      await this.module.afterJoin(this);
    } catch (err) {
      this.crash(err);
    }
  }

  /** A push from the client: validate, run the handler, reply exactly once. */
  async handleIn(message: Message): Promise<void> {
    const { ref, event } = message;
    if (this.user && isExpired(this.user)) return this.reply(ref, error(REASON.tokenExpired));
    // Own keys only: `constructor` or `__proto__` are not events.
    const { handleIn, events } = this.module;
    if (!Object.hasOwn(handleIn, event) || !Object.hasOwn(events.in, event)) {
      return this.reply(ref, error(REASON.unknownEvent, { event }));
    }
    const handler = handleIn[event] as (ctx: ChannelContext, payload: unknown) => unknown;
    try {
      const parsed = parsePayload(events.in[event], message.payload);
      if (!parsed.success) return this.reply(ref, parsed.reply);
      const refusal = await this.module.authorizeIn?.(this, event);
      if (refusal) return this.reply(ref, refusal);
      const result = (await handler(this, parsed.data)) as Reply | undefined;
      this.reply(ref, result ?? ok());
    } catch (err) {
      this.reply(ref, error(REASON.internalError));
      this.crash(err);
    }
  }

  /**
   * `access_token` push: a fresh token of this join's own user extends it, and the socket's
   * identity with it. An anonymous join stays anonymous; another user's token changes nothing.
   */
  async refreshToken(message: Message, token: unknown): Promise<void> {
    const identity = typeof token === "string" ? await this.host.runtime.verifier.verify(token) : null;
    if (!identity || !this.user || identity.userId !== this.user.userId) {
      return this.reply(message.ref, error(REASON.unauthorized));
    }
    this.user = identity;
    this.host.renewIdentity(identity);
    this.reply(message.ref, ok());
  }

  /** The join's token expired and was not refreshed within the grace period: tell the client, then close. */
  async expire(): Promise<void> {
    this.push(TOKEN_EXPIRED_EVENT, {});
    this.host.forgetChannel(this);
    await this.terminate("closed");
    this.sendClose();
  }

  async terminate(reason: TerminateReason): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const { pubsub, presence } = this.host.runtime;
    pubsub.unsubscribe(this.topic, this);
    for (const [topic, subscriber] of this.extraTopics ?? []) pubsub.unsubscribe(topic, subscriber);
    this.extraTopics = null;
    presence.untrackAll(this);
    try {
      await this.module.terminate?.(this, reason);
    } catch (err) {
      this.host.runtime.log.error({ err, topic: this.topic }, "terminate failed");
    }
  }

  sendClose(): void {
    this.host.sendFrame(this.host.serializer.encode(this.joinRef, this.joinRef, this.topic, PHX_CLOSE, {}));
  }

  private crash(err: unknown): void {
    this.host.runtime.log.error({ err, topic: this.topic }, "channel crashed");
    this.host.runtime.metrics.errors.inc({ kind: "channel_crash" });
    this.host.sendFrame(this.host.serializer.encode(this.joinRef, this.joinRef, this.topic, PHX_ERROR, {}));
    this.host.forgetChannel(this);
    void this.terminate("crash");
  }

  private reply(ref: string | null, reply: Reply): void {
    this.host.reply(this.joinRef, ref, this.topic, reply);
  }

  // ---- fan-out ----

  deliver(broadcast: Broadcast): void {
    if (this.module.intercept?.includes(broadcast.event)) {
      this.forward(broadcast, true);
      return;
    }
    const serializer = this.host.serializer;
    const frame = (broadcast.frames[serializer.slot] ??= {
      ...serializer.encodeBroadcast(broadcast.topic, broadcast.event, broadcast.payload),
      shared: true,
    });
    this.host.sendFrame(frame);
  }

  resync(since: Date): void {
    if (this.closed || !this.module.resync) return;
    Promise.resolve()
      .then(() => this.module.resync!(this, since))
      .catch((err) => this.crash(err));
  }

  info(broadcast: Broadcast): void {
    this.forward(broadcast, false);
  }

  /**
   * The module's handleOut (an intercepted event of this topic) or handleInfo (another topic's) of
   * a broadcast. It runs inside the fan-out loop: a throw ends this join only, the other
   * subscribers still get it.
   */
  private forward(broadcast: Broadcast, out: boolean): void {
    const outer = this.forwarding;
    this.forwarding = broadcast;
    try {
      if (out) this.module.handleOut?.(this, broadcast.event, broadcast.payload);
      else this.module.handleInfo?.(this, broadcast.topic, broadcast.event, broadcast.payload);
    } catch (err) {
      this.crash(err);
    } finally {
      this.forwarding = outer;
    }
  }

  // ---- ChannelContext ----

  push(event: string, payload: unknown): void {
    if (this.closed) return;
    this.host.sendFrame(this.pushFrame(event, payload));
  }

  /**
   * A broadcast passed on as it came (every feed showing a product pushes its like_update on its
   * own topic) is encoded once per serializer for all its subscribers; only the topic and join_ref
   * part is this join's.
   */
  private pushFrame(event: string, payload: unknown): Frame {
    const serializer = this.host.serializer;
    const broadcast = this.forwarding;
    if (broadcast && broadcast.payload === payload && broadcast.event === event) {
      const slot = serializer.slot;
      let shared = broadcast.pushes[slot];
      if (shared === undefined) shared = broadcast.pushes[slot] = serializer.pushShared(event, payload);
      if (shared) return serializer.splicePush((this.pushOwn ??= serializer.pushOwn(this.joinRef, this.topic)), shared);
    }
    return serializer.encode(this.joinRef, null, this.topic, event, payload);
  }

  broadcast(event: string, payload: unknown): void {
    this.host.runtime.broadcast(this.topic, event, payload);
  }

  broadcastFrom(event: string, payload: unknown): void {
    this.host.runtime.broadcast(this.topic, event, payload, this);
  }

  subscribe(topic: string): void {
    if (this.closed) return;
    this.extraTopics ??= new Map();
    if (this.extraTopics.has(topic)) return;
    const subscriber = new InfoSubscriber(this);
    this.extraTopics.set(topic, subscriber);
    this.host.runtime.pubsub.subscribe(topic, subscriber);
  }

  unsubscribe(topic: string): void {
    const subscriber = this.extraTopics?.get(topic);
    if (!subscriber) return;
    this.extraTopics!.delete(topic);
    this.host.runtime.pubsub.unsubscribe(topic, subscriber);
  }

  track(key: string, meta: Record<string, unknown>): Promise<boolean> {
    return this.closed ? Promise.resolve(false) : this.host.runtime.presence.track(this, this.topic, key, meta);
  }

  pushPresenceState(): void {
    if (this.closed) return;
    const state = this.host.runtime.presence.encodedList(this.topic);
    this.host.sendFrame(this.host.serializer.encodeJsonPush(this.joinRef, this.topic, PRESENCE_STATE, state));
  }

  allow(name: LimitName, limit: RateLimit): Promise<boolean> {
    return this.host.allow(name, limit);
  }
}

type Parsed = { success: true; data: unknown } | { success: false; reply: Reply };

/** Schemas that may see a binary (V2) payload: `z.instanceof(Buffer)` and `z.unknown()`. */
const BINARY_CAPABLE = new Set(["custom", "unknown", "any"]);

/**
 * A JSON schema (object, string...) refuses a binary payload before zod sees it: zod would walk
 * a Buffer's every byte as an object key.
 */
function parsePayload(schema: z.ZodType, payload: unknown): Parsed {
  if (Buffer.isBuffer(payload) && !BINARY_CAPABLE.has(schema.def.type)) {
    return { success: false, reply: error(REASON.invalidPayload, { errors: { payload: ["binary payload not accepted"] } }) };
  }
  const parsed = schema.safeParse(payload);
  if (parsed.success) return { success: true, data: parsed.data };
  return { success: false, reply: error(REASON.invalidPayload, { errors: z.flattenError(parsed.error).fieldErrors }) };
}
