import { topicKind } from "@/lib/topics";
import type { RedisConnections } from "../cluster/redis-connections";
import type { Logger } from "../log";
import { COUNTED_KINDS, TOPIC_COUNTS, type connectionsReport, type CountedKind, type TopicCounts } from "./connections";

export type NodeFigures = ReturnType<typeof connectionsReport> & { node: string };

/** Every live node's figures, this node's first, and how many distinct topics of each kind they have together. */
export interface ClusterFigures {
  nodes: [NodeFigures, ...NodeFigures[]];
  distinctTopics: TopicCounts;
}

/** Where /monitor/connections finds every node's figures. */
export interface NodeDirectory {
  /** `figures` and `topics` (names of the topics with subscribers here) are read whenever they are wanted. */
  start(figures: () => NodeFigures, topics: () => Iterable<string>): void;
  list(): Promise<ClusterFigures>;
  close(): Promise<void>;
}

/** A node alone: its own figures are the cluster's. */
function alone(own: NodeFigures): ClusterFigures {
  const distinctTopics = Object.fromEntries(COUNTED_KINDS.map((kind) => [kind, own[TOPIC_COUNTS[kind]]])) as TopicCounts;
  return { nodes: [own], distinctTopics };
}

/** One node alone. */
export class LocalNodeDirectory implements NodeDirectory {
  private figures: (() => NodeFigures) | null = null;
  start(figures: () => NodeFigures): void {
    this.figures = figures;
  }
  async list(): Promise<ClusterFigures> {
    if (!this.figures) throw new Error("node directory not started");
    return alone(this.figures());
  }
  async close(): Promise<void> {}
}

const PUBLISH_MS = 2_000;
/** A node that stopped publishing drops out of the list after this long. */
const FIGURES_TTL_MS = 6_000;
/** Topic names per PFADD, so that no single command carries all of a node's topics. */
const PFADD_BATCH = 1_000;

/**
 * Each node writes its figures to Redis every PUBLISH_MS, with an expiry; any node reads them all.
 * A topic joined on several nodes counts once: each node also writes, per kind, a HyperLogLog of its
 * topic names (at most 12 KB whatever the number of topics, and no names kept: tracking topics carry
 * their link's secret), and the count is PFCOUNT over the live nodes' ones: an estimate, usually
 * exact for small counts and within about 1% for large ones.
 */
export class RedisNodeDirectory implements NodeDirectory {
  private figures: (() => NodeFigures) | null = null;
  private topics: (() => Iterable<string>) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: RedisConnections,
    private readonly nodeId: string,
    private readonly log: Logger,
  ) {}

  start(figures: () => NodeFigures, topics: () => Iterable<string>): void {
    this.figures = figures;
    this.topics = topics;
    void this.publish();
    this.timer = setInterval(() => void this.publish(), PUBLISH_MS);
    this.timer.unref();
  }

  async list(): Promise<ClusterFigures> {
    if (!this.figures) throw new Error("node directory not started");
    const own = this.figures();
    try {
      const others = await this.others();
      const live = [this.nodeId, ...others.map((n) => n.node)];
      const counts = await Promise.all(COUNTED_KINDS.map((kind) => this.redis.commands.pfcount(...live.map((node) => this.topicsKey(kind, node)))));
      const distinctTopics = Object.fromEntries(COUNTED_KINDS.map((kind, i) => [kind, counts[i]])) as TopicCounts;
      return { nodes: [own, ...others], distinctTopics };
    } catch (err) {
      // Redis down: this node still answers for itself.
      this.log.debug({ err: (err as Error).message }, "other nodes' figures unavailable");
      return alone(own);
    }
  }

  private async others(): Promise<NodeFigures[]> {
    const others = (await this.redis.commands.smembers(this.redis.key("nodes"))).filter((n) => n !== this.nodeId);
    const values = others.length > 0 ? await this.redis.commands.mget(others.map((n) => this.redis.key("nodes", n))) : [];
    const gone = others.filter((_, i) => values[i] === null);
    if (gone.length > 0) await this.redis.commands.srem(this.redis.key("nodes"), ...gone);
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as NodeFigures);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const keys = [this.redis.key("nodes", this.nodeId), ...COUNTED_KINDS.map((kind) => this.topicsKey(kind, this.nodeId))];
    await this.redis.commands.del(...keys).catch(() => undefined);
  }

  private topicsKey(kind: CountedKind, nodeId: string): string {
    return this.redis.key("topics", kind, nodeId);
  }

  private async publish(): Promise<void> {
    if (!this.figures || !this.topics) return;
    const byKind = new Map<string, string[]>(COUNTED_KINDS.map((kind) => [kind, []]));
    for (const topic of this.topics()) byKind.get(topicKind(topic))?.push(topic);
    // One transaction: a reader sees the figures and the topic counts of the same moment, never a half-built one.
    const transaction = this.redis.commands
      .multi()
      .set(this.redis.key("nodes", this.nodeId), JSON.stringify(this.figures()), "PX", FIGURES_TTL_MS)
      .sadd(this.redis.key("nodes"), this.nodeId);
    for (const kind of COUNTED_KINDS) {
      const key = this.topicsKey(kind, this.nodeId);
      const names = byKind.get(kind)!;
      // A HyperLogLog only grows: rebuilt each time, so topics left since are gone from it.
      transaction.del(key);
      for (let i = 0; i < names.length; i += PFADD_BATCH) transaction.pfadd(key, ...names.slice(i, i + PFADD_BATCH));
      if (names.length > 0) transaction.pexpire(key, FIGURES_TTL_MS);
    }
    try {
      await transaction.exec();
    } catch (err) {
      this.log.debug({ err: (err as Error).message }, "node figures not published");
    }
  }
}
