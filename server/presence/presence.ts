import { randomBytes } from "node:crypto";
import { PRESENCE_DIFF } from "@/lib/protocol";
import type { PubSub } from "../pubsub/pubsub";

export type PresenceMeta = Record<string, unknown> & { phx_ref: string };
/** `{key: {metas: [...]}}`, the shape phoenix.js's Presence class reads. */
export type PresenceState = Record<string, { metas: PresenceMeta[] }>;

interface Tracked {
  topic: string;
  key: string;
  meta: PresenceMeta;
}

/**
 * Who is present on which topic, in the Phoenix Presence wire format: joins and leaves go out
 * as `presence_diff` broadcasts, and a joiner gets the whole `presence_state`.
 * Keyed by owner (a channel join) so that one leave removes exactly what that join tracked.
 */
export class Presence {
  private readonly byTopic = new Map<string, Map<string, PresenceMeta[]>>();
  private readonly byOwner = new Map<object, Tracked[]>();

  constructor(private readonly pubsub: PubSub) {}

  track(owner: object, topic: string, key: string, meta: Record<string, unknown>): PresenceMeta {
    const tracked: PresenceMeta = { ...meta, phx_ref: randomBytes(12).toString("base64url") };
    let keys = this.byTopic.get(topic);
    if (!keys) this.byTopic.set(topic, (keys = new Map()));
    const metas = keys.get(key);
    if (metas) metas.push(tracked);
    else keys.set(key, [tracked]);
    const owned = this.byOwner.get(owner);
    if (owned) owned.push({ topic, key, meta: tracked });
    else this.byOwner.set(owner, [{ topic, key, meta: tracked }]);
    this.pubsub.broadcast(topic, PRESENCE_DIFF, { joins: { [key]: { metas: [tracked] } }, leaves: {} });
    return tracked;
  }

  untrackAll(owner: object): void {
    const owned = this.byOwner.get(owner);
    if (!owned) return;
    this.byOwner.delete(owner);
    for (const { topic, key, meta } of owned) {
      const keys = this.byTopic.get(topic);
      const metas = keys?.get(key);
      if (!keys || !metas) continue;
      const remaining = metas.filter((m) => m !== meta);
      if (remaining.length > 0) keys.set(key, remaining);
      else keys.delete(key);
      if (keys.size === 0) this.byTopic.delete(topic);
      this.pubsub.broadcast(topic, PRESENCE_DIFF, { joins: {}, leaves: { [key]: { metas: [meta] } } });
    }
  }

  list(topic: string): PresenceState {
    const state: PresenceState = {};
    for (const [key, metas] of this.byTopic.get(topic) ?? []) state[key] = { metas: [...metas] };
    return state;
  }

  /** Whether `key` is present on the topic through any join (any tab, any device). */
  isPresent(topic: string, key: string): boolean {
    return this.byTopic.get(topic)?.has(key) ?? false;
  }
}
