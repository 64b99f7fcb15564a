import { randomBytes } from "node:crypto";
import { PRESENCE_DIFF } from "@/lib/protocol";
import type { PubSub } from "../pubsub/pubsub";
import type { PresenceEntry, PresenceMeta, PresenceTracker } from "./tracker";

export type { PresenceMeta } from "./tracker";
/** `{key: {metas: [...]}}`, the shape phoenix.js's Presence class reads. */
export type PresenceState = Record<string, { metas: PresenceMeta[] }>;

const EMPTY_STATE = Buffer.from("{}");
/** Presence changes of a topic within its window go out as one `presence_diff`; the shortest window. */
const DIFF_WINDOW_MS = 50;
/**
 * A diff goes to every member, so a big room's window grows with it: about this many diff frames
 * a second per topic (500 users: 50 ms; 5,000: 500 ms), up to MAX_DIFF_WINDOW_MS.
 */
const DIFF_FRAMES_PER_SECOND = 10_000;
const MAX_DIFF_WINDOW_MS = 1_000;

interface PendingDiff {
  joins: Map<string, PresenceEntry>;
  leaves: Map<string, PresenceEntry>;
}

/** One key's metas on a topic, and its encoded `"key":{"metas":[...]}` once asked for (until the key changes). */
interface KeyState {
  /** By phx_ref. */
  metas: Map<string, PresenceMeta>;
  json: string | null;
}

/**
 * Who is present on which topic, in the Phoenix Presence wire format. The tracker holds the
 * entries (this node's, and in a cluster every node's); this layer gives each join its `phx_ref`,
 * answers `presence_state`, and turns the tracker's changes into `presence_diff`s for this node's
 * subscribers. A topic quiet for its window (DIFF_WINDOW_MS, longer in big rooms) hears a change at
 * once (as Phoenix sends it, before the joiner's presence_state); changes after it within the window
 * are merged into one diff at its end: a hundred joins make two frames per client, and a join that
 * left meanwhile is never announced.
 * Keyed by owner (a channel join) so that one leave removes exactly what that join tracked.
 *
 * Every joiner gets the whole state, so in a big room it is kept encoded: each key's part is
 * encoded when that key changes, and the whole is the parts joined, reused until the next change.
 */
export class Presence {
  private readonly byOwner = new Map<object, { topic: string; entry: PresenceEntry }[]>();
  private readonly pending = new Map<string, PendingDiff>();
  /** When each topic last sent a diff, while that is less than its window ago. */
  private readonly lastSent = new Map<string, number>();
  private flushTimer: NodeJS.Timeout | null = null;
  /** The tracker's entries grouped by topic and key, as the tracker reports its changes. */
  private readonly keys = new Map<string, Map<string, KeyState>>();
  /**
   * A topic's encoded `presence_state` payload, and the keys that joined since (appended on the
   * next ask); any other change drops it.
   */
  private readonly encodedState = new Map<string, { bytes: Buffer; appended: string[] }>();

  constructor(
    private readonly pubsub: PubSub,
    private readonly tracker: PresenceTracker,
  ) {}

  start(): Promise<void> {
    return this.tracker.start({ changed: (topic, joined, left) => this.changed(topic, joined, left), forgot: (topic) => this.forgot(topic) });
  }

  async close(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await this.tracker.close();
  }

  /** Resolves once the topic's presences on every node are known; true when `key` was not there before (a user's first tab). */
  async track(owner: object, topic: string, key: string, meta: Record<string, unknown>): Promise<boolean> {
    const entry: PresenceEntry = { key, meta: { ...meta, phx_ref: randomBytes(12).toString("base64url") } };
    const owned = this.byOwner.get(owner);
    if (owned) owned.push({ topic, entry });
    else this.byOwner.set(owner, [{ topic, entry }]);
    await this.tracker.track(topic, entry);
    return this.keys.get(topic)?.get(key)?.metas.size === 1;
  }

  untrackAll(owner: object): void {
    const owned = this.byOwner.get(owner);
    if (!owned) return;
    this.byOwner.delete(owner);
    for (const { topic, entry } of owned) this.tracker.untrack(topic, entry);
  }

  /** The topic's current state as `presence_state`'s payload, JSON-encoded. */
  encodedList(topic: string): Buffer {
    const keys = this.keys.get(topic);
    if (!keys) return EMPTY_STATE;
    const cached = this.encodedState.get(topic);
    const part = (key: string) => {
      const state = keys.get(key)!;
      return (state.json ??= `${JSON.stringify(key)}:${JSON.stringify({ metas: [...state.metas.values()] })}`);
    };
    let bytes: Buffer;
    if (!cached) bytes = Buffer.from(`{${Array.from(keys.keys(), part).join(",")}}`);
    else if (cached.appended.length === 0) return cached.bytes;
    else {
      // Only new keys since: they come last (a Map keeps insertion order), so the rest is copied as it is.
      const comma = cached.bytes.length > EMPTY_STATE.length ? "," : "";
      bytes = Buffer.concat([cached.bytes.subarray(0, -1), Buffer.from(`${comma}${cached.appended.map(part).join(",")}}`)]);
    }
    this.encodedState.set(topic, { bytes, appended: [] });
    return bytes;
  }

  /** How many keys (users) are present on the topic, on every node; a user's tabs count once. */
  count(topic: string): number {
    return this.keys.get(topic)?.size ?? 0;
  }

  /** Whether `key` is present on the topic through any join (any tab, any device, any node). */
  isPresent(topic: string, key: string): boolean {
    return this.keys.get(topic)?.has(key) ?? false;
  }

  private changed(topic: string, joined: readonly PresenceEntry[], left: readonly PresenceEntry[]): void {
    this.index(topic, joined, left);
    const now = Date.now();
    if (!this.pending.has(topic) && now - (this.lastSent.get(topic) ?? 0) >= this.window(topic)) {
      this.send(topic, joined, left);
      this.lastSent.set(topic, now);
      this.flushTimer ??= setTimeout(() => this.flush(), DIFF_WINDOW_MS);
      return;
    }
    let diff = this.pending.get(topic);
    if (!diff) this.pending.set(topic, (diff = { joins: new Map(), leaves: new Map() }));
    for (const entry of joined) diff.joins.set(entry.meta.phx_ref, entry);
    for (const entry of left) {
      // Came and went within the window: nobody needs to hear of it.
      if (!diff.joins.delete(entry.meta.phx_ref)) diff.leaves.set(entry.meta.phx_ref, entry);
    }
    this.flushTimer ??= setTimeout(() => this.flush(), DIFF_WINDOW_MS);
  }

  /**
   * Every DIFF_WINDOW_MS while a topic is within its window: sends the diffs whose window ends
   * before the next tick (a timer may fire a little before the window's end by Date.now).
   */
  private flush(): void {
    this.flushTimer = null;
    const now = Date.now();
    for (const [topic, { joins, leaves }] of this.pending) {
      if (now - (this.lastSent.get(topic) ?? 0) < this.window(topic) - DIFF_WINDOW_MS) continue;
      this.pending.delete(topic);
      if (joins.size === 0 && leaves.size === 0) continue;
      this.send(topic, joins.values(), leaves.values());
      this.lastSent.set(topic, now);
    }
    for (const [topic, at] of this.lastSent) if (!this.pending.has(topic) && now - at >= this.window(topic)) this.lastSent.delete(topic);
    if (this.lastSent.size > 0) this.flushTimer = setTimeout(() => this.flush(), DIFF_WINDOW_MS);
  }

  private window(topic: string): number {
    const windowMs = (1000 * this.count(topic)) / DIFF_FRAMES_PER_SECOND;
    return Math.min(MAX_DIFF_WINDOW_MS, Math.max(DIFF_WINDOW_MS, windowMs));
  }

  private index(topic: string, joined: readonly PresenceEntry[], left: readonly PresenceEntry[]): void {
    const encoded = this.encodedState.get(topic);
    const reencode = () => this.encodedState.delete(topic);
    let keys = this.keys.get(topic);
    if (!keys) this.keys.set(topic, (keys = new Map()));
    for (const { key, meta } of joined) {
      const state = keys.get(key);
      if (state) {
        state.metas.set(meta.phx_ref, meta);
        state.json = null;
        reencode();
      } else {
        keys.set(key, { metas: new Map([[meta.phx_ref, meta]]), json: null });
        encoded?.appended.push(key);
      }
    }
    for (const { key, meta } of left) {
      const state = keys.get(key);
      if (!state?.metas.delete(meta.phx_ref)) continue;
      state.json = null;
      reencode();
      if (state.metas.size === 0) keys.delete(key);
    }
    if (keys.size === 0) this.keys.delete(topic);
  }

  /** The tracker stopped holding the topic (no join of this node tracks there): its entries are no longer known here. */
  private forgot(topic: string): void {
    this.keys.delete(topic);
    this.encodedState.delete(topic);
  }

  /** Each node tells its own subscribers: the tracker already brought every node's changes here. */
  private send(topic: string, joined: Iterable<PresenceEntry>, left: Iterable<PresenceEntry>): void {
    this.pubsub.localBroadcast(topic, PRESENCE_DIFF, { joins: group(joined), leaves: group(left) }, null);
  }
}

function group(entries: Iterable<PresenceEntry>): PresenceState {
  const state: PresenceState = {};
  for (const { key, meta } of entries) (state[key] ??= { metas: [] }).metas.push(meta);
  return state;
}
