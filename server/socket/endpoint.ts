import { CLOSE_GOING_AWAY, CLOSE_POLICY_VIOLATION } from "@/lib/protocol";
import { topicKind } from "@/lib/topics";
import type { Config } from "../config";
import type { Logger } from "../log";
import { Metrics } from "../monitor/metrics";
import type { Presence } from "../presence/presence";
import type { PubSub, Subscriber } from "../pubsub/pubsub";
import type { Serializer } from "../serializer/serializer";
import type { ChannelRuntime } from "../channel/channel-server";
import type { FrameLimits, SocketAcceptor, Transport } from "../transport/transport";
import { ConnectionGate, type Admission, type AdmissionResult } from "../limits/connection-gate";
import { clientAddressOf } from "../limits/client-address";
import type { LimiterStore } from "../limits/limiter-store";
import { Limits } from "../limits/limits";
import type { IncomingMessage } from "node:http";
import { isExpired, type Identity, type TokenVerifier } from "./auth";
import { Connection, type ConnectionHost, type SocketLimits } from "./connection";
import type { ChannelRouter } from "./router";

const SWEEP_INTERVAL_MS = 1000;

/** Messages per second, sampled by the sweep. */
export interface Rates {
  inPerSecond: number;
  outPerSecond: number;
}

/**
 * Everything the sockets share: channel routing, pub/sub, presence, auth, metrics, and the one
 * sweep that closes idle connections and samples message rates (no per-socket timers). Each layer
 * sees only its narrow side of it: transports a SocketAcceptor, connections a ConnectionHost,
 * channel joins a ChannelRuntime.
 */
export class Endpoint implements SocketAcceptor, ConnectionHost, ChannelRuntime {
  readonly connections = new Set<Connection>();
  readonly metrics: Metrics;
  rates: Rates = { inPerSecond: 0, outPerSecond: 0 };
  private sweepTimer: NodeJS.Timeout | null = null;
  private lastSample = { at: Date.now(), framesIn: 0, framesOut: 0 };
  private lastUserCheck = Date.now();
  readonly runtime: ChannelRuntime = this;
  readonly limits: Limits;
  readonly socketLimits: SocketLimits;
  readonly frameLimits: FrameLimits;
  readonly clientAddress: (req: IncomingMessage) => string;
  private readonly gate: ConnectionGate;
  readonly nodeId: string;
  /** Set by SIGTERM's drain: no new sockets, health fails. */
  draining = false;

  constructor(
    readonly config: Config,
    readonly router: ChannelRouter,
    readonly pubsub: PubSub,
    readonly presence: Presence,
    readonly verifier: TokenVerifier,
    readonly log: Logger,
    limiterStore: LimiterStore,
  ) {
    this.nodeId = config.NODE_ID;
    this.metrics = new Metrics(config.NODE_ID, {
      connections: () => this.connections.size,
      channels: () => this.channelCounts(),
    });
    this.limits = new Limits(limiterStore, this.metrics.limitRefusals);
    const maxChannels = config.MAX_CHANNELS_PER_SOCKET;
    this.socketLimits = {
      maxChannels,
      // phoenix.js rejoins every channel at once after a reconnect: that burst always fits.
      maxInbox: Math.max(config.MAX_INBOX_FRAMES, maxChannels + 10),
      events: { points: config.SOCKET_EVENTS_PER_10S, seconds: 10 },
      joins: { points: Math.max(config.SOCKET_JOINS_PER_MINUTE, maxChannels), seconds: 60 },
      slowConsumerBytes: config.SLOW_CONSUMER_BYTES,
      slowConsumerMs: config.SLOW_CONSUMER_MS,
    };
    this.frameLimits = { maxFrameBytes: config.MAX_FRAME_BYTES, maxLongPollBodyBytes: config.MAX_LONGPOLL_BODY_BYTES };
    this.clientAddress = clientAddressOf(config.TRUST_PROXY);
    this.gate = new ConnectionGate(this.limits, config.MAX_CONNECTIONS_PER_IP, config.MAX_CONNECTIONS_PER_IP_PER_MINUTE);
  }

  async admit(address: string): Promise<AdmissionResult> {
    if (this.draining) return { refused: "draining" };
    return this.gate.admit(address);
  }

  /** Connect-time auth: no token is an anonymous socket; a bad token refuses the connection. */
  async authenticate(token: string | null): Promise<{ identity: Identity | null } | null> {
    if (token === null || token === "") return { identity: null };
    const identity = await this.verifier.verify(token);
    return identity ? { identity } : null;
  }

  connect(transport: Transport, serializer: Serializer, identity: Identity | null, admission: Admission): Connection {
    const connection = new Connection(this, transport, serializer, identity, admission);
    this.connections.add(connection);
    return connection;
  }

  disconnected(connection: Connection): void {
    this.connections.delete(connection);
  }

  broadcast(topic: string, event: string, payload: unknown, except: Subscriber | null = null): void {
    this.metrics.broadcasts.inc({ event });
    this.pubsub.broadcast(topic, event, payload, except);
  }

  start(): void {
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  private sweep(): void {
    const now = Date.now();
    const expiredBefore = now - this.config.TOKEN_EXPIRY_GRACE_MS;
    for (const connection of this.connections) {
      if (now - connection.lastSeenAt > connection.transport.idleTimeoutMs) {
        connection.close(CLOSE_GOING_AWAY, "idle timeout");
        continue;
      }
      // A backlog that stopped growing still has to drain.
      connection.checkBacklog();
      for (const channel of connection.channels.values()) {
        if (channel.user && isExpired(channel.user, expiredBefore)) void channel.expire();
      }
    }
    if (now - this.lastUserCheck >= this.config.USER_RECHECK_MS) {
      this.lastUserCheck = now;
      void this.closeDisabledUsers().catch((err) => this.log.error({ err }, "disabled users check failed"));
    }
    const { framesIn, framesOut } = this.metrics;
    const seconds = Math.max((now - this.lastSample.at) / 1000, 0.001);
    this.rates = {
      inPerSecond: Math.round((framesIn - this.lastSample.framesIn) / seconds),
      outPerSecond: Math.round((framesOut - this.lastSample.framesOut) / seconds),
    };
    this.lastSample = { at: now, framesIn, framesOut };
  }

  /** Open channels need no new join, so disabled users are looked for among the sockets in bounded time. */
  private async closeDisabledUsers(): Promise<void> {
    const usersOf = (c: Connection) => [c.identity?.userId, ...[...c.channels.values()].map((ch) => ch.user?.userId)];
    const ids = new Set<string>();
    for (const connection of this.connections) for (const id of usersOf(connection)) if (id) ids.add(id);
    if (ids.size === 0) return;
    const disabled = await this.verifier.disabledAmong([...ids]);
    for (const connection of this.connections) {
      if (usersOf(connection).some((id) => id && disabled.has(id))) connection.close(CLOSE_POLICY_VIOLATION, "user disabled");
    }
  }

  /**
   * Draining shutdown: no new sockets; each open one finishes what it was sent and is then told
   * the service restarts (1012), one after another over `spreadMs`, so clients do not all
   * reconnect in the same millisecond. Nothing waits past `deadline`.
   */
  async drain(spreadMs: number, deadline: number): Promise<void> {
    this.draining = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    const connections = [...this.connections];
    const step = connections.length ? Math.min(spreadMs, Math.max(deadline - Date.now(), 0)) / connections.length : 0;
    await Promise.all(
      connections.map(async (connection, i) => {
        if (step > 0) await new Promise((resolve) => setTimeout(resolve, step * (i + 1)));
        await connection.shutdown(deadline);
      }),
    );
  }

  channelCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const connection of this.connections) {
      for (const topic of connection.channels.keys()) {
        const kind = topicKind(topic);
        counts[kind] = (counts[kind] ?? 0) + 1;
      }
    }
    return counts;
  }
}
