import { z } from "zod";
import { PHX_CLOSE, PHX_ERROR, REASON, TOKEN_EXPIRED_EVENT } from "@/lib/protocol";
import type { Message } from "../protocol/message";
import type { Broadcast, Subscriber } from "../pubsub/pubsub";
import type { RateLimit } from "../limits/rate-limiter";
import { isExpired, type Identity } from "../socket/auth";
import type { Connection } from "../socket/connection";
import { error, ok, type ChannelContext, type ChannelModule, type Reply, type TerminateReason } from "./channel";

type AnyModule = ChannelModule<any, any>;

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

  constructor(
    readonly conn: Connection,
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
      this.conn.endpoint.log.error({ err, topic: this.topic }, "join crashed");
      this.conn.endpoint.metrics.errors.inc({ kind: "join_crash" });
      return error(REASON.joinCrashed);
    }
    if (result.status !== "ok") return { status: "error", response: result.response };
    this.state = result.state;
    this.conn.endpoint.pubsub.subscribe(this.topic, this);
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
    const identity = typeof token === "string" ? await this.conn.endpoint.verifier.verify(token) : null;
    if (!identity || !this.user || identity.userId !== this.user.userId) {
      return this.reply(message.ref, error(REASON.unauthorized));
    }
    this.user = identity;
    this.conn.renewIdentity(identity);
    this.reply(message.ref, ok());
  }

  /** The join's token expired and was not refreshed within the grace period: tell the client, then close. */
  async expire(): Promise<void> {
    this.push(TOKEN_EXPIRED_EVENT, {});
    this.conn.forgetChannel(this);
    await this.terminate("closed");
    this.sendClose();
  }

  async terminate(reason: TerminateReason): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const { pubsub, presence } = this.conn.endpoint;
    pubsub.unsubscribe(this.topic, this);
    for (const [topic, subscriber] of this.extraTopics ?? []) pubsub.unsubscribe(topic, subscriber);
    this.extraTopics = null;
    presence.untrackAll(this);
    try {
      await this.module.terminate?.(this, reason);
    } catch (err) {
      this.conn.endpoint.log.error({ err, topic: this.topic }, "terminate failed");
    }
  }

  sendClose(): void {
    this.conn.sendFrame(this.conn.serializer.encode(this.joinRef, this.joinRef, this.topic, PHX_CLOSE, {}));
  }

  private crash(err: unknown): void {
    this.conn.endpoint.log.error({ err, topic: this.topic }, "channel crashed");
    this.conn.endpoint.metrics.errors.inc({ kind: "channel_crash" });
    this.conn.sendFrame(this.conn.serializer.encode(this.joinRef, this.joinRef, this.topic, PHX_ERROR, {}));
    this.conn.forgetChannel(this);
    void this.terminate("crash");
  }

  private reply(ref: string | null, reply: Reply): void {
    this.conn.reply(this.joinRef, ref, this.topic, reply);
  }

  // ---- fan-out ----

  deliver(broadcast: Broadcast): void {
    if (this.module.intercept?.includes(broadcast.event)) {
      // Runs inside the fan-out loop: a throw ends this join only, the other subscribers still get it.
      try {
        this.module.handleOut?.(this, broadcast.event, broadcast.payload);
      } catch (err) {
        this.crash(err);
      }
      return;
    }
    const serializer = this.conn.serializer;
    const frame = (broadcast.frames[serializer.slot] ??= serializer.encodeBroadcast(
      broadcast.topic,
      broadcast.event,
      broadcast.payload,
    ));
    this.conn.sendFrame(frame);
  }

  info(broadcast: Broadcast): void {
    try {
      this.module.handleInfo?.(this, broadcast.topic, broadcast.event, broadcast.payload);
    } catch (err) {
      this.crash(err);
    }
  }

  // ---- ChannelContext ----

  push(event: string, payload: unknown): void {
    if (this.closed) return;
    this.conn.sendFrame(this.conn.serializer.encode(this.joinRef, null, this.topic, event, payload));
  }

  broadcast(event: string, payload: unknown): void {
    this.conn.endpoint.broadcast(this.topic, event, payload);
  }

  broadcastFrom(event: string, payload: unknown): void {
    this.conn.endpoint.broadcast(this.topic, event, payload, this);
  }

  subscribe(topic: string): void {
    if (this.closed) return;
    this.extraTopics ??= new Map();
    if (this.extraTopics.has(topic)) return;
    const subscriber = new InfoSubscriber(this);
    this.extraTopics.set(topic, subscriber);
    this.conn.endpoint.pubsub.subscribe(topic, subscriber);
  }

  unsubscribe(topic: string): void {
    const subscriber = this.extraTopics?.get(topic);
    if (!subscriber) return;
    this.extraTopics!.delete(topic);
    this.conn.endpoint.pubsub.unsubscribe(topic, subscriber);
  }

  track(key: string, meta: Record<string, unknown>): void {
    if (!this.closed) this.conn.endpoint.presence.track(this, this.topic, key, meta);
  }

  presenceList() {
    return this.conn.endpoint.presence.list(this.topic);
  }

  allow(bucket: string, limit: RateLimit): boolean {
    return this.conn.limiter().take(bucket, limit);
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
