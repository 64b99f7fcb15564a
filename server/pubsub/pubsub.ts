import type { Frame } from "../protocol/message";
import { SERIALIZER_SLOTS } from "../serializer/serializer";
import type { PubSubAdapter } from "./adapter";

/**
 * One broadcast on its way to the local subscribers of a topic. `frames` caches the encoded
 * frame per serializer slot: the first subscriber of each protocol version encodes it,
 * every other one writes the same bytes. `pushes` does the same for the shared part of a push
 * that subscribers pass on to their own topics (`Serializer.pushShared`; null: not shareable).
 */
export interface Broadcast {
  readonly topic: string;
  readonly event: string;
  readonly payload: unknown;
  readonly frames: (Frame | undefined)[];
  readonly pushes: (Buffer | null | undefined)[];
}

export interface Subscriber {
  deliver(broadcast: Broadcast): void;
  /** Broadcasts of the topic since `since` may have been lost: bring the client up to date. */
  resync?(since: Date): void;
}

const READY = Promise.resolve();
/** A join waits at most this long for the relay (Redis down: it joins, and resyncs once Redis is back). */
const RELAY_SUBSCRIBE_WAIT_MS = 1_000;

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void promise.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Resyncs after an outage are spread over this long, so a node's clients do not all reload at once. */
const RESYNC_SPREAD_MS = 2_000;

/** Topic → subscribers registry with encode-once local fan-out, and an optional relay to other nodes. */
export class PubSub {
  private readonly topics = new Map<string, Set<Subscriber>>();
  /** Per topic: settled once the relay hears the topic. */
  private readonly relayed = new Map<string, Promise<void>>();

  /** While a resync round runs, the earliest `since` asked for meanwhile, for one more round. */
  private resyncRound: { again: number | null } | null = null;

  constructor(private readonly adapter: PubSubAdapter | null = null) {}

  async start(): Promise<void> {
    await this.adapter?.start({
      deliver: (topic, event, payload) => this.localBroadcast(topic, event, payload, null),
      resync: (since) => this.resync(since),
    });
  }

  close(): Promise<void> {
    return this.adapter?.close() ?? Promise.resolve();
  }

  /**
   * Local broadcasts reach the subscriber at once; the promise says when other nodes' do too
   * (a join answers after it, so a message sent right after the join reply is not missed).
   */
  subscribe(topic: string, subscriber: Subscriber): Promise<void> {
    let subscribers = this.topics.get(topic);
    if (!subscribers) {
      this.topics.set(topic, (subscribers = new Set()));
      this.relayed.set(topic, this.adapter ? withTimeout(this.adapter.subscribe(topic), RELAY_SUBSCRIBE_WAIT_MS) : READY);
    }
    subscribers.add(subscriber);
    return this.relayed.get(topic) ?? READY;
  }

  unsubscribe(topic: string, subscriber: Subscriber): void {
    const subscribers = this.topics.get(topic);
    if (!subscribers) return;
    subscribers.delete(subscriber);
    if (subscribers.size > 0) return;
    this.topics.delete(topic);
    this.relayed.delete(topic);
    this.adapter?.unsubscribe(topic);
  }

  /** To every subscriber of the topic on every node, except `except` (broadcast_from). */
  broadcast(topic: string, event: string, payload: unknown, except: Subscriber | null = null): void {
    this.localBroadcast(topic, event, payload, except);
    this.adapter?.publish(topic, event, payload);
  }

  localBroadcast(topic: string, event: string, payload: unknown, except: Subscriber | null): void {
    const subscribers = this.topics.get(topic);
    if (!subscribers) return;
    const broadcast: Broadcast = { topic, event, payload, frames: new Array(SERIALIZER_SLOTS), pushes: new Array(SERIALIZER_SLOTS) };
    for (const subscriber of subscribers) {
      if (subscriber !== except) subscriber.deliver(broadcast);
    }
  }

  /**
   * Every subscriber that can resync does, each at a random moment of the next RESYNC_SPREAD_MS.
   * Requests during a round (every reconnecting node sends one) make one more round after it.
   */
  resync(since: number): void {
    const round = this.resyncRound;
    if (round) {
      round.again = Math.min(round.again ?? since, since);
      return;
    }
    this.resyncRound = { again: null };
    setTimeout(() => {
      const again = this.resyncRound?.again ?? null;
      this.resyncRound = null;
      if (again !== null) this.resync(again);
    }, RESYNC_SPREAD_MS).unref();
    const from = new Date(since);
    for (const subscribers of this.topics.values()) {
      for (const subscriber of subscribers) {
        if (subscriber.resync) setTimeout(() => subscriber.resync!(from), Math.random() * RESYNC_SPREAD_MS).unref();
      }
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
