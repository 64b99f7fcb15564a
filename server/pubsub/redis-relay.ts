import type { RedisConnections } from "../cluster/redis-connections";
import type { PubSubAdapter, RelayListener } from "./adapter";

/** On the wire: the sending node, the topic, the event and the payload (a Buffer as base64). */
interface RelayMessage {
  n: string;
  t: string;
  e: string;
  p?: unknown;
  b?: string;
}

/** Every node that reconnected says so here, so the others resync what it could not publish meanwhile. */
const RESYNC_CHANNEL = "relay-resync";
/** Broadcasts in flight when the link died, and node clocks a little apart, are covered by going back this much more. */
const RESYNC_MARGIN_MS = 5_000;

interface ResyncMessage {
  n: string;
  since: number;
}

/**
 * Broadcasts between nodes through Redis pub/sub, one Redis channel per topic (as Centrifugo
 * does): a node subscribes to a topic's channel only while it has local subscribers, so traffic
 * does not grow with nodes x topics. A node drops its own messages (it delivered them locally).
 * Pub/sub keeps nothing: after an outage the node and its peers resync their subscribers.
 */
export class RedisRelay implements PubSubAdapter {
  private listener: RelayListener | null = null;
  /** How this node's own messages begin (`n` is written first): the node hears each of its broadcasts back, and drops it unparsed. */
  private readonly ownPrefix: string;
  private readonly onMessage = (data: string) => this.received(data);
  private readonly onResync = (data: string) => {
    const message = parse<ResyncMessage>(data);
    if (message && message.n !== this.nodeId) this.listener?.resync(message.since);
  };

  constructor(
    private readonly redis: RedisConnections,
    private readonly nodeId: string,
  ) {
    this.ownPrefix = `${JSON.stringify({ n: nodeId }).slice(0, -1)},`;
  }

  async start(listener: RelayListener): Promise<void> {
    this.listener = listener;
    this.redis.listen(this.redis.key(RESYNC_CHANNEL), this.onResync);
    this.redis.onReconnect((lostAt) => {
      const message: ResyncMessage = { n: this.nodeId, since: lostAt - RESYNC_MARGIN_MS };
      listener.resync(message.since);
      this.redis.publish(this.redis.key(RESYNC_CHANNEL), JSON.stringify(message));
    });
  }

  subscribe(topic: string): Promise<void> {
    return this.redis.listen(this.channel(topic), this.onMessage);
  }

  unsubscribe(topic: string): void {
    this.redis.unlisten(this.channel(topic), this.onMessage);
  }

  publish(topic: string, event: string, payload: unknown): void {
    const message: RelayMessage = Buffer.isBuffer(payload)
      ? { n: this.nodeId, t: topic, e: event, b: payload.toString("base64") }
      : { n: this.nodeId, t: topic, e: event, p: payload };
    this.redis.publish(this.channel(topic), JSON.stringify(message));
  }

  async close(): Promise<void> {
    this.listener = null;
  }

  private channel(topic: string): string {
    return this.redis.key("topic", topic);
  }

  private received(data: string): void {
    if (data.startsWith(this.ownPrefix)) return;
    const message = parse<RelayMessage>(data);
    if (!message) return;
    this.listener?.deliver(message.t, message.e, message.b !== undefined ? Buffer.from(message.b, "base64") : message.p);
  }
}

function parse<T>(data: string): T | null {
  try {
    return JSON.parse(data) as T;
  } catch {
    return null;
  }
}
