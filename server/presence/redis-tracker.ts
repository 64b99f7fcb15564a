import { randomBytes } from "node:crypto";
import type { RedisConnections } from "../cluster/redis-connections";
import type { Logger } from "../log";
import type { PresenceEntry, PresenceTracker, TrackerListener } from "./tracker";

/** A node refreshes its liveness key this often; the key outlives three misses, so a dead node leaves within ~8 s. */
const HEARTBEAT_MS = 2_000;
const ALIVE_TTL_MS = 6_000;
const WATCH_MS = 2_000;

type Message = { n: string; op: "join" | "leave"; e: PresenceEntry } | { n: string; op: "sync" };

interface TopicState {
  local: Map<string, PresenceEntry>;
  /** Other nodes' entries, by node then phx_ref. */
  remote: Map<string, Map<string, PresenceEntry>>;
  ready: Promise<void>;
  listener: (data: string) => void;
}

/**
 * Presence across nodes through Redis. Each node keeps its own entries of a topic in a hash
 * (`p:<topic>:<node>`), names itself in the topic's set of nodes, and tells the others of every
 * change on the topic's channel. A node replicates a topic only while it tracks something there:
 * it subscribes, then reads every live node's hash, and applies changes as they come.
 *
 * Nodes are alive while their key (`alive:<node>`, expiring after ALIVE_TTL_MS) is refreshed;
 * every node watches the nodes it holds entries of and drops a dead one's at once (Phoenix
 * waits 30 s). A node's id here is new at each start, so a restarted node never inherits the
 * entries of its former self. After a Redis outage a node writes its entries again and re-reads
 * the others'.
 */
export class RedisTracker implements PresenceTracker {
  private readonly node: string;
  private readonly topics = new Map<string, TopicState>();
  private listener: TrackerListener | null = null;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly redis: RedisConnections,
    nodeId: string,
    private readonly log: Logger,
  ) {
    this.node = `${nodeId}.${randomBytes(3).toString("hex")}`;
  }

  async start(listener: TrackerListener): Promise<void> {
    this.listener = listener;
    await this.heartbeat();
    this.timers = [
      setInterval(() => void this.heartbeat(), HEARTBEAT_MS),
      setInterval(() => void this.dropDeadNodes().catch((err) => this.warn(err, "presence watch failed")), WATCH_MS),
    ];
    for (const timer of this.timers) timer.unref();
    this.redis.onReconnect(() => void this.restore());
  }

  async track(topic: string, entry: PresenceEntry): Promise<void> {
    const state = this.topics.get(topic) ?? this.watch(topic);
    state.local.set(entry.meta.phx_ref, entry);
    this.listener?.changed(topic, [entry], []);
    const ref = entry.meta.phx_ref;
    this.redis.commands
      .multi()
      .hset(this.key("p", topic, this.node), ref, JSON.stringify(entry))
      .sadd(this.key("pn", topic), this.node)
      .sadd(this.key("pt", this.node), topic)
      .publish(this.channel(topic), JSON.stringify({ n: this.node, op: "join", e: entry } satisfies Message))
      .exec()
      .catch((err) => this.warn(err, "presence write failed"));
    await state.ready;
  }

  untrack(topic: string, entry: PresenceEntry): void {
    const state = this.topics.get(topic);
    if (!state?.local.delete(entry.meta.phx_ref)) return;
    this.listener?.changed(topic, [], [entry]);
    const write = this.redis.commands
      .multi()
      .hdel(this.key("p", topic, this.node), entry.meta.phx_ref)
      .publish(this.channel(topic), JSON.stringify({ n: this.node, op: "leave", e: entry } satisfies Message));
    if (state.local.size === 0) {
      // Nothing of ours left here: stop replicating the topic (nobody on this node is told of it any more).
      this.topics.delete(topic);
      this.listener?.forgot(topic);
      this.redis.unlisten(this.channel(topic), state.listener);
      write.srem(this.key("pn", topic), this.node).srem(this.key("pt", this.node), topic);
    }
    write.exec().catch((err) => this.warn(err, "presence write failed"));
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    // Leaving for good: the others drop what is left of this node at once.
    await this.forget(this.node).catch(() => undefined);
    for (const topic of this.topics.keys()) this.redis.publish(this.channel(topic), JSON.stringify({ n: this.node, op: "sync" } satisfies Message));
    this.topics.clear();
  }

  private watch(topic: string): TopicState {
    const state: TopicState = {
      local: new Map(),
      remote: new Map(),
      ready: Promise.resolve(),
      listener: (data) => this.received(topic, data),
    };
    this.topics.set(topic, state);
    // Subscribed first, then read: a change made meanwhile is both in the reply and on the channel, and applies once.
    state.ready = this.redis
      .listen(this.channel(topic), state.listener)
      .then(() => this.reread(topic))
      .catch((err) => this.warn(err, "presence read failed"));
    return state;
  }

  /** Every live node's entries of the topic, replacing what was known of them. */
  private async reread(topic: string, only?: string): Promise<void> {
    const nodes = only ? [only] : (await this.redis.commands.smembers(this.key("pn", topic))).filter((n) => n !== this.node);
    const read = this.redis.commands.pipeline();
    for (const node of nodes) read.exists(this.key("alive", node)).hvals(this.key("p", topic, node));
    const replies = nodes.length > 0 ? ((await read.exec()) ?? []) : [];
    const state = this.topics.get(topic);
    if (!state) return;
    const fresh = new Map<string, Map<string, PresenceEntry>>();
    nodes.forEach((node, i) => {
      const alive = replies[2 * i]?.[1] === 1;
      const values = (replies[2 * i + 1]?.[1] as string[] | undefined) ?? [];
      if (alive) fresh.set(node, new Map(values.map((v) => JSON.parse(v) as PresenceEntry).map((e) => [e.meta.phx_ref, e])));
    });
    for (const node of only ? [only] : new Set([...state.remote.keys(), ...fresh.keys()])) {
      this.replace(topic, state, node, fresh.get(node) ?? new Map());
    }
  }

  private replace(topic: string, state: TopicState, node: string, entries: Map<string, PresenceEntry>): void {
    const before = state.remote.get(node) ?? new Map<string, PresenceEntry>();
    const joined = [...entries.values()].filter((e) => !before.has(e.meta.phx_ref));
    const left = [...before.values()].filter((e) => !entries.has(e.meta.phx_ref));
    if (entries.size > 0) state.remote.set(node, entries);
    else state.remote.delete(node);
    if (joined.length > 0 || left.length > 0) this.listener?.changed(topic, joined, left);
  }

  private received(topic: string, data: string): void {
    let message: Message;
    try {
      message = JSON.parse(data) as Message;
    } catch {
      return;
    }
    const state = this.topics.get(topic);
    if (!state || message.n === this.node) return;
    if (message.op === "sync") {
      void this.reread(topic, message.n).catch((err) => this.warn(err, "presence read failed"));
      return;
    }
    const ref = message.e.meta.phx_ref;
    let entries = state.remote.get(message.n);
    if (message.op === "join") {
      if (entries?.has(ref)) return;
      if (!entries) state.remote.set(message.n, (entries = new Map()));
      entries.set(ref, message.e);
      this.listener?.changed(topic, [message.e], []);
    } else if (entries?.delete(ref)) {
      if (entries.size === 0) state.remote.delete(message.n);
      this.listener?.changed(topic, [], [message.e]);
    }
  }

  private async heartbeat(): Promise<void> {
    try {
      // GET: the previous value. None means our key had expired (a stall, an outage): others may have dropped us.
      const previous = await this.redis.commands.set(this.key("alive", this.node), "1", "PX", ALIVE_TTL_MS, "GET");
      if (previous === null && this.timers.length > 0) await this.restore();
    } catch (err) {
      this.warn(err, "presence heartbeat failed");
    }
  }

  private async dropDeadNodes(): Promise<void> {
    const nodes = new Set<string>();
    for (const state of this.topics.values()) for (const node of state.remote.keys()) nodes.add(node);
    if (nodes.size === 0) return;
    const list = [...nodes];
    const alive = await this.redis.commands.mget(list.map((n) => this.key("alive", n)));
    const dead = list.filter((_, i) => alive[i] === null);
    for (const node of dead) {
      this.log.warn({ presence_node: node }, "presence: node gone, its presences leave");
      for (const [topic, state] of this.topics) if (state.remote.has(node)) this.replace(topic, state, node, new Map());
      await this.forget(node);
    }
  }

  /** Removes a node's entries from Redis (idempotent: every node that sees it dead may do it). */
  private async forget(node: string): Promise<void> {
    const topics = await this.redis.commands.smembers(this.key("pt", node));
    const cleanup = this.redis.commands.multi();
    for (const topic of topics) cleanup.del(this.key("p", topic, node)).srem(this.key("pn", topic), node);
    await cleanup.del(this.key("pt", node), this.key("alive", node)).exec();
  }

  /** After Redis was lost: write our entries again, tell the others to re-read them, re-read theirs. */
  private async restore(): Promise<void> {
    try {
      await this.redis.commands.set(this.key("alive", this.node), "1", "PX", ALIVE_TTL_MS);
      for (const [topic, state] of this.topics) {
        const write = this.redis.commands.multi().del(this.key("p", topic, this.node));
        for (const [ref, entry] of state.local) write.hset(this.key("p", topic, this.node), ref, JSON.stringify(entry));
        await write
          .sadd(this.key("pn", topic), this.node)
          .sadd(this.key("pt", this.node), topic)
          .publish(this.channel(topic), JSON.stringify({ n: this.node, op: "sync" } satisfies Message))
          .exec();
        await this.reread(topic);
      }
    } catch (err) {
      this.warn(err, "presence restore failed");
    }
  }

  private key(kind: string, ...parts: string[]): string {
    return this.redis.key("presence", kind, ...parts);
  }

  private channel(topic: string): string {
    return this.redis.key("presence", "changes", topic);
  }

  private warn(err: unknown, message: string): void {
    this.log.warn({ err: (err as Error).message }, message);
  }
}
