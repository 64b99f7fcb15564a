import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "../log";

/** ioredis's default backoff grows to 5 s; a node that lost Redis should be back within half a second of it. */
const RETRY_MS = 250;

type Listener = (message: string) => void;

/**
 * The two Redis connections a node shares between its cluster parts (broadcast relay, presence
 * tracker, node heartbeats): one for commands and PUBLISH, one in subscriber mode. Subscriptions
 * are counted per channel, so a channel is subscribed in Redis only while someone here listens.
 *
 * Redis down: commands fail at once (no offline queue, so nothing piles up), the connections retry
 * every RETRY_MS, ioredis resubscribes by itself, and once both are back `onReconnect` listeners hear
 * that whatever was published meanwhile was lost to this node.
 */
export class RedisConnections {
  readonly commands: Redis;
  private readonly subscriber: Redis;
  private readonly listeners = new Map<string, { listeners: Set<Listener>; subscribed: Promise<void> }>();
  private readonly reconnectListeners: ((lostAt: number) => void)[] = [];
  /** Since start: how often the subscriber came back after losing Redis, and what could not be published. */
  reconnects = 0;
  lostPublishes = 0;
  private wasDown = false;
  private lostAt = 0;
  private closed = false;

  constructor(
    url: string,
    readonly prefix: string,
    nodeId: string,
    private readonly log: Logger,
  ) {
    const options: RedisOptions = {
      retryStrategy: () => RETRY_MS,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: true,
    };
    this.commands = new Redis(url, { ...options, connectionName: `${nodeId}-commands` });
    // SUBSCRIBE issued while disconnected waits for the connection instead of failing.
    this.subscriber = new Redis(url, { ...options, enableOfflineQueue: true, connectionName: `${nodeId}-subscriber` });
    this.subscriber.on("message", (channel: string, message: string) => {
      for (const listener of this.listeners.get(channel)?.listeners ?? []) listener(message);
    });
    for (const [name, connection] of [
      ["commands", this.commands],
      ["subscriber", this.subscriber],
    ] as const) {
      // Without an 'error' listener ioredis would crash the process.
      connection.on("error", (err: Error) => this.log.debug({ err: err.message, connection: name }, "redis error"));
      connection.on("close", () => {
        if (this.closed || this.wasDown) return;
        this.wasDown = true;
        this.lostAt = Date.now();
        this.log.warn({ connection: name }, "redis connection lost; retrying");
      });
      connection.on("ready", () => {
        if (!this.wasDown || !this.connected) return;
        this.wasDown = false;
        // ioredis resubscribes right after 'ready'; a PING sent after that answers once it is done.
        setImmediate(() => void this.restored());
      });
    }
  }

  private async restored(): Promise<void> {
    try {
      await this.subscriber.ping();
    } catch {
      return; // lost again: the next 'ready' tries once more
    }
    this.reconnects++;
    this.log.warn("redis connection back; subscriptions restored");
    for (const listener of this.reconnectListeners) listener(this.lostAt);
  }

  async connect(): Promise<void> {
    await Promise.all([this.commands.connect(), this.subscriber.connect()]);
  }

  get connected(): boolean {
    return this.commands.status === "ready" && this.subscriber.status === "ready";
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(":");
  }

  /** After Redis was lost (at `lostAt`) and came back; not on the first connect. */
  onReconnect(listener: (lostAt: number) => void): void {
    this.reconnectListeners.push(listener);
  }

  /** Resolves once Redis confirmed the subscription (or could not: it is retried with the connection). */
  listen(channel: string, listener: Listener): Promise<void> {
    let entry = this.listeners.get(channel);
    if (!entry) {
      const subscribed = this.subscriber.subscribe(channel).then(
        () => undefined,
        (err: Error) => this.log.debug({ err: err.message }, "redis subscribe failed"),
      );
      this.listeners.set(channel, (entry = { listeners: new Set(), subscribed }));
    }
    entry.listeners.add(listener);
    return entry.subscribed;
  }

  unlisten(channel: string, listener: Listener): void {
    const entry = this.listeners.get(channel);
    if (!entry?.listeners.delete(listener) || entry.listeners.size > 0) return;
    this.listeners.delete(channel);
    this.subscriber.unsubscribe(channel).catch((err: Error) => this.log.debug({ err: err.message }, "redis unsubscribe failed"));
  }

  /** Fire and forget; a message that cannot be sent (Redis down) is counted and logged, not queued. */
  publish(channel: string, message: string): void {
    this.commands.publish(channel, message).catch((err: Error) => {
      this.lostPublishes++;
      this.log.debug({ err: err.message }, "redis publish failed");
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.commands.disconnect();
    this.subscriber.disconnect();
  }
}
