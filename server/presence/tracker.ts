export type PresenceMeta = Record<string, unknown> & { phx_ref: string };

/** One join's presence: its key (a user id) and its meta, unique by `meta.phx_ref`. */
export interface PresenceEntry {
  key: string;
  meta: PresenceMeta;
}

export interface TrackerListener {
  /** Presences came or went on a topic, on this node or another. */
  changed(topic: string, joined: readonly PresenceEntry[], left: readonly PresenceEntry[]): void;
  /** The tracker no longer holds the topic's entries (it stopped replicating it): nobody left, nothing is announced. */
  forgot(topic: string): void;
}

/**
 * Holds who is present where: this node's entries, and, in a cluster, every other node's for the
 * topics this node tracks on, and reports each change to its listener (which keeps the lists).
 * It knows nothing of the wire format (server/presence/presence.ts).
 */
export interface PresenceTracker {
  start(listener: TrackerListener): Promise<void>;
  /** Resolves once the topic's entries from every node are known here. */
  track(topic: string, entry: PresenceEntry): Promise<void>;
  untrack(topic: string, entry: PresenceEntry): void;
  close(): Promise<void>;
}

/** One node alone: its own entries are all there is. */
export class LocalTracker implements PresenceTracker {
  private readonly topics = new Map<string, Map<string, PresenceEntry>>();
  private listener: TrackerListener | null = null;

  async start(listener: TrackerListener): Promise<void> {
    this.listener = listener;
  }

  async track(topic: string, entry: PresenceEntry): Promise<void> {
    let entries = this.topics.get(topic);
    if (!entries) this.topics.set(topic, (entries = new Map()));
    entries.set(entry.meta.phx_ref, entry);
    this.listener?.changed(topic, [entry], []);
  }

  untrack(topic: string, entry: PresenceEntry): void {
    const entries = this.topics.get(topic);
    if (!entries?.delete(entry.meta.phx_ref)) return;
    if (entries.size === 0) this.topics.delete(topic);
    this.listener?.changed(topic, [], [entry]);
  }

  async close(): Promise<void> {}
}
