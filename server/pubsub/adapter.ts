/**
 * Relays broadcasts between nodes. A single node needs none (in-process fan-out only);
 * a cluster plugs in a backend (Redis) that publishes to the others and feeds their messages back.
 */
export interface PubSubAdapter {
  publish(topic: string, event: string, payload: unknown): void;
  /** Called once; the adapter hands every message from other nodes to `deliver`. */
  start(deliver: (topic: string, event: string, payload: unknown) => void): Promise<void>;
  close(): Promise<void>;
}
