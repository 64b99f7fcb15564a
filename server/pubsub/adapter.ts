/** What a relay hands back to its node. */
export interface RelayListener {
  /** A broadcast from another node, for this node's local subscribers. */
  deliver(topic: string, event: string, payload: unknown): void;
  /** Broadcasts since `since` (ms since the epoch) may have been lost: subscribers should catch up. */
  resync(since: number): void;
}

/**
 * Relays broadcasts between nodes. A single node needs none (in-process fan-out only);
 * a cluster plugs in a backend (Redis) that publishes to the others and feeds their messages back.
 * The relay hears a topic only between `subscribe` and `unsubscribe`, which the node calls when
 * its first local subscriber comes and its last one goes.
 */
export interface PubSubAdapter {
  start(listener: RelayListener): Promise<void>;
  /** Resolves once broadcasts of the topic from other nodes reach this one. */
  subscribe(topic: string): Promise<void>;
  unsubscribe(topic: string): void;
  publish(topic: string, event: string, payload: unknown): void;
  close(): Promise<void>;
}
