import type { Frame } from "../protocol/message";
import { SERIALIZER_SLOTS } from "../serializer/serializer";
import type { PubSubAdapter } from "./adapter";

/**
 * One broadcast on its way to the local subscribers of a topic. `frames` caches the encoded
 * frame per serializer slot: the first subscriber of each protocol version encodes it,
 * every other one writes the same bytes.
 */
export interface Broadcast {
  readonly topic: string;
  readonly event: string;
  readonly payload: unknown;
  readonly frames: (Frame | undefined)[];
}

export interface Subscriber {
  deliver(broadcast: Broadcast): void;
}

/** Topic → subscribers registry with encode-once local fan-out, and an optional relay to other nodes. */
export class PubSub {
  private readonly topics = new Map<string, Set<Subscriber>>();

  constructor(private readonly adapter: PubSubAdapter | null = null) {}

  async start(): Promise<void> {
    await this.adapter?.start((topic, event, payload) => this.localBroadcast(topic, event, payload, null));
  }

  close(): Promise<void> {
    return this.adapter?.close() ?? Promise.resolve();
  }

  subscribe(topic: string, subscriber: Subscriber): void {
    let subscribers = this.topics.get(topic);
    if (!subscribers) this.topics.set(topic, (subscribers = new Set()));
    subscribers.add(subscriber);
  }

  unsubscribe(topic: string, subscriber: Subscriber): void {
    const subscribers = this.topics.get(topic);
    if (!subscribers) return;
    subscribers.delete(subscriber);
    if (subscribers.size === 0) this.topics.delete(topic);
  }

  /** To every subscriber of the topic on every node, except `except` (broadcast_from). */
  broadcast(topic: string, event: string, payload: unknown, except: Subscriber | null = null): void {
    this.localBroadcast(topic, event, payload, except);
    this.adapter?.publish(topic, event, payload);
  }

  localBroadcast(topic: string, event: string, payload: unknown, except: Subscriber | null): void {
    const subscribers = this.topics.get(topic);
    if (!subscribers) return;
    const broadcast: Broadcast = { topic, event, payload, frames: new Array(SERIALIZER_SLOTS) };
    for (const subscriber of subscribers) {
      if (subscriber !== except) subscriber.deliver(broadcast);
    }
  }

  subscriberCount(topic: string): number {
    return this.topics.get(topic)?.size ?? 0;
  }

  /** Topics with local subscribers, for monitoring. */
  topicNames(): IterableIterator<string> {
    return this.topics.keys();
  }
}
