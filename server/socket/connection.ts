import { ACCESS_TOKEN, CLOSE_INTERNAL_ERROR, CLOSE_POLICY_VIOLATION, CLOSE_SERVICE_RESTART, HEARTBEAT, PHOENIX_TOPIC, PHX_JOIN, PHX_LEAVE, REASON } from "@/lib/protocol";
import { ChannelServer, type ChannelHost, type ChannelRuntime } from "../channel/channel-server";
import { error, ok, type Reply } from "../channel/channel";
import { ProtocolError, type Frame, type Message } from "../protocol/message";
import type { Serializer } from "../serializer/serializer";
import type { Transport, TransportSocket } from "../transport/transport";
import type { Admission } from "../limits/connection-gate";
import type { LimitName } from "../limits/limits";
import type { RateLimit } from "../limits/limiter-store";
import { isExpired, type Identity } from "./auth";
import type { ChannelRouter } from "./router";

/** What a socket needs of its node (the Endpoint): the channels' runtime, routing, its limits, and a word when it ends. */
export interface ConnectionHost {
  readonly runtime: ChannelRuntime;
  readonly router: ChannelRouter;
  readonly socketLimits: SocketLimits;
  /** Connection ids start with it, so they are unique across a cluster's nodes. */
  readonly nodeId: string;
  disconnected(connection: Connection): void;
}

export interface SocketLimits {
  maxChannels: number;
  /** Frames waiting to be handled; one more closes the socket. */
  maxInbox: number;
  /** Every client event but joins and `access_token`. */
  events: RateLimit;
  joins: RateLimit;
  /** Unsent output over `slowConsumerBytes` for `slowConsumerMs`, or over 4 times it at all, cuts the socket off. */
  slowConsumerBytes: number;
  slowConsumerMs: number;
}


let nextConnectionId = 1;

/**
 * One client socket: decodes its frames, multiplexes them onto channel joins by topic, and
 * applies Phoenix's socket rules (heartbeat, join/leave, last join wins, stale join_ref,
 * channel limit). Frames of one connection are handled in order, one at a time.
 */
export class Connection implements ChannelHost, TransportSocket {
  readonly id: string;
  readonly channels = new Map<string, ChannelServer>();
  lastSeenAt = Date.now();
  private readonly inbox: Message[] = [];
  /** The loop handling the inbox, while it runs. */
  private handling: Promise<void> | null = null;
  private closed = false;
  /** Since when the client's backlog is over the bound; null while it keeps up. */
  private backlogSince: number | null = null;
  private cutOff = false;

  constructor(
    private readonly host: ConnectionHost,
    readonly transport: Transport,
    readonly serializer: Serializer,
    private socketIdentity: Identity | null,
    /** Its place among its client address's sockets. */
    private readonly admission: Admission,
  ) {
    this.id = `${host.nodeId}-${nextConnectionId++}`;
  }

  /** Who connected: the connect token's user, renewed by later tokens of the same user. */
  get identity(): Identity | null {
    return this.socketIdentity;
  }

  /**
   * A fresh token of the socket's own user (an `access_token` push, a join's `token`) renews the
   * socket's identity too. It never signs an anonymous socket in and never switches users.
   */
  renewIdentity(identity: Identity): void {
    const current = this.socketIdentity;
    if (current && current.userId === identity.userId && identity.expiresAt > current.expiresAt) this.socketIdentity = identity;
  }

  get runtime(): ChannelRuntime {
    return this.host.runtime;
  }

  receive(data: Buffer, isBinary: boolean): void {
    this.lastSeenAt = Date.now();
    this.runtime.metrics.framesIn++;
    let message: Message;
    try {
      message = this.serializer.decode(data, isBinary);
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      // Phoenix closes the socket on a frame it cannot decode.
      this.runtime.metrics.errors.inc({ kind: "protocol" });
      this.transport.close(CLOSE_INTERNAL_ERROR, err.message);
      return;
    }
    if (this.inbox.length >= this.host.socketLimits.maxInbox) {
      // Frames arrive faster than they are handled: memory per socket stays bounded.
      this.runtime.limits.refused("inbox_frames");
      this.inbox.length = 0;
      this.transport.close(CLOSE_POLICY_VIOLATION, "inbox full");
      return;
    }
    this.inbox.push(message);
    this.handling ??= this.handleInbox().catch((err) => {
      // Channel runtimes answer their own errors; this is the socket's own code failing.
      this.runtime.log.error({ err, connection: this.id }, "connection crashed");
      this.runtime.metrics.errors.inc({ kind: "connection_crash" });
      this.transport.close(CLOSE_INTERNAL_ERROR, "internal error");
    });
  }

  private async handleInbox(): Promise<void> {
    try {
      let message;
      while ((message = this.inbox.shift()) && !this.closed) {
        if (!(await this.withinLimits(message))) continue;
        const pending = this.dispatch(message);
        if (pending) await pending;
      }
    } finally {
      this.handling = null;
    }
  }

  /** SIGTERM: the frames it was sent are handled and answered (until `deadline`), then the client is told the service restarts. */
  async shutdown(deadline: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(deadline - Date.now(), 0))));
    while (this.handling && Date.now() < deadline) await Promise.race([this.handling, late]);
    clearTimeout(timer);
    this.close(CLOSE_SERVICE_RESTART, "server restarting");
    await this.onTransportClosed();
  }

  /**
   * Joins and other events each have a per-socket rate; a refused one gets `rate_limited`. A fresh
   * token is never refused: it is what keeps the socket's channels alive.
   */
  private async withinLimits(message: Message): Promise<boolean> {
    if (message.event === ACCESS_TOKEN) return true;
    const join = message.event === PHX_JOIN;
    const name: LimitName = join ? "socket_joins" : "socket_events";
    const { joins, events } = this.host.socketLimits;
    if (await this.runtime.limits.allowSocket(this.id, name, join ? joins : events)) return true;
    const { topic, ref } = message;
    this.reply(join ? (message.joinRef ?? ref) : message.joinRef, ref, topic, error(REASON.rateLimited));
    return false;
  }

  private dispatch(message: Message): Promise<void> | void {
    const { topic, event, ref } = message;
    if (topic === PHOENIX_TOPIC) {
      return this.reply(null, ref, topic, event === HEARTBEAT ? ok() : error(REASON.unmatchedTopic));
    }
    // Labels from known names only: a label per random event name would grow without bound.
    this.runtime.metrics.pushes.inc({ event: this.host.router.eventLabel(event) });
    if (event === PHX_JOIN) return this.join(message);
    const channel = this.channels.get(topic);
    if (!channel) {
      // Leaving a topic that is not joined is fine; anything else is unmatched.
      return this.reply(null, ref, topic, event === PHX_LEAVE ? ok() : error(REASON.unmatchedTopic));
    }
    if (message.joinRef !== null && message.joinRef !== channel.joinRef) {
      // A frame from an earlier join of this topic never reaches the current one.
      return this.reply(message.joinRef, ref, topic, error(REASON.staleJoinRef));
    }
    if (event === PHX_LEAVE) return this.leave(channel, ref);
    if (event === ACCESS_TOKEN) return channel.refreshToken(message, tokenOf(message.payload));
    return channel.handleIn(message);
  }

  private async join(message: Message): Promise<void> {
    const { topic, ref, payload } = message;
    const joinRef = message.joinRef ?? ref ?? "";
    const module = this.host.router.match(topic);
    if (!module) return this.reply(null, ref, topic, error(REASON.unmatchedTopic));
    const previous = this.channels.get(topic);
    if (!previous && this.channels.size >= this.host.socketLimits.maxChannels) {
      return this.reply(joinRef, ref, topic, error(REASON.tooManyChannels));
    }
    // Last join wins: the earlier join of this topic ends before the new one starts.
    if (previous) {
      this.channels.delete(topic);
      await previous.terminate("duplicate_join");
    }
    const publicTopic = module.isPublic?.(topic) ?? false;
    const identity = publicTopic ? null : await this.joinIdentity(payload);
    let result: Reply;
    let channel: ChannelServer | null = null;
    if (identity === undefined) {
      result = error(REASON.unauthorized);
    } else {
      // An expired identity joins as nobody: where that is refused, the reason is the token.
      const expired = identity !== null && isExpired(identity);
      channel = new ChannelServer(this, module, topic, joinRef, expired ? null : identity);
      result = await channel.join(payload);
      if (expired && isUnauthorized(result)) result = error(REASON.tokenExpired);
    }
    if (this.closed) {
      await channel?.terminate("closed");
      return;
    }
    if (result.status === "ok" && channel) this.channels.set(topic, channel);
    this.runtime.metrics.joins.inc({ kind: module.name, status: result.status });
    this.reply(joinRef, ref, topic, result);
    previous?.sendClose();
    if (result.status === "ok" && channel) await channel.afterJoin();
  }

  /**
   * The join's identity: its own `token` when it has one, else the socket's. Undefined refuses the
   * join: a bad token, another user's token, or a disabled user (TokenVerifier checks).
   */
  private async joinIdentity(payload: unknown): Promise<Identity | null | undefined> {
    const token = tokenOf(payload);
    let identity = this.identity;
    if (token !== undefined) {
      const fromJoin = await this.runtime.verifier.verify(token);
      if (!fromJoin || (this.identity && fromJoin.userId !== this.identity.userId)) return undefined;
      this.renewIdentity(fromJoin);
      identity = fromJoin;
    }
    // The connect token was checked when the socket opened; the user may have been disabled since.
    if (identity && token === undefined && (await this.runtime.verifier.disabledAmong([identity.userId])).size > 0) return undefined;
    return identity;
  }

  private async leave(channel: ChannelServer, ref: string | null): Promise<void> {
    this.channels.delete(channel.topic);
    await channel.terminate("leave");
    this.reply(channel.joinRef, ref, channel.topic, ok());
    channel.sendClose();
  }

  reply(joinRef: string | null, ref: string | null, topic: string, reply: Reply): void {
    this.sendFrame(this.serializer.encodeReply(joinRef, ref, topic, reply.status, reply.response));
  }

  sendFrame(frame: Frame): void {
    if (this.closed || this.cutOff) return;
    this.runtime.metrics.framesOut++;
    this.transport.send(frame);
    this.checkBacklog();
  }

  /**
   * A client that does not take what it is sent (it stopped reading, its link cannot carry the
   * topic) is cut off rather than buffered without bound, so the others' broadcasts and the
   * server's memory do not suffer. One big reply that drains in time is not slowness.
   */
  checkBacklog(): void {
    const { slowConsumerBytes, slowConsumerMs } = this.host.socketLimits;
    const bytes = this.transport.backlogBytes;
    if (bytes <= slowConsumerBytes) {
      this.backlogSince = null;
      return;
    }
    const now = Date.now();
    this.backlogSince ??= now;
    if (this.cutOff || (bytes <= 4 * slowConsumerBytes && now - this.backlogSince < slowConsumerMs)) return;
    this.cutOff = true;
    this.runtime.limits.refused("slow_consumer");
    this.runtime.log.info({ connection: this.id, backlog_bytes: bytes }, "slow consumer cut off");
    this.transport.terminate();
  }

  forgetChannel(channel: ChannelServer): void {
    if (this.channels.get(channel.topic) === channel) this.channels.delete(channel.topic);
  }

  allow(name: LimitName, limit: RateLimit): Promise<boolean> {
    return this.runtime.limits.allowSocket(this.id, name, limit);
  }

  touch(): void {
    this.lastSeenAt = Date.now();
  }

  close(code: number, reason: string): void {
    this.transport.close(code, reason);
  }

  /** The transport is gone: end every join (presence leaves, `user_left`...). */
  async onTransportClosed(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.inbox.length = 0;
    this.admission.release();
    const channels = [...this.channels.values()];
    this.channels.clear();
    this.host.disconnected(this);
    await Promise.all(channels.map((channel) => channel.terminate("closed")));
  }
}

function isUnauthorized(reply: Reply): boolean {
  return reply.status === "error" && (reply.response as { reason?: unknown } | null)?.reason === REASON.unauthorized;
}

function tokenOf(payload: unknown): string | undefined {
  if (payload === null || typeof payload !== "object" || Buffer.isBuffer(payload)) return undefined;
  const token = (payload as Record<string, unknown>).token;
  return typeof token === "string" ? token : undefined;
}
