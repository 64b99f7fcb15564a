import type { RedisConnections } from "../cluster/redis-connections";
import type { Logger } from "../log";
import type { connectionsReport } from "./connections";

export type NodeFigures = ReturnType<typeof connectionsReport> & { node: string };

/** Where /monitor/connections finds every node's figures. */
export interface NodeDirectory {
  /** `figures` is read whenever the node's current figures are wanted. */
  start(figures: () => NodeFigures): void;
  /** This node's figures first, then those of every other live node. */
  list(): Promise<[NodeFigures, ...NodeFigures[]]>;
  close(): Promise<void>;
}

/** One node alone. */
export class LocalNodeDirectory implements NodeDirectory {
  private figures: (() => NodeFigures) | null = null;
  start(figures: () => NodeFigures): void {
    this.figures = figures;
  }
  async list(): Promise<[NodeFigures, ...NodeFigures[]]> {
    return [this.own()];
  }

  private own(): NodeFigures {
    if (!this.figures) throw new Error("node directory not started");
    return this.figures();
  }
  async close(): Promise<void> {}
}

const PUBLISH_MS = 2_000;
/** A node that stopped publishing drops out of the list after this long. */
const FIGURES_TTL_MS = 6_000;

/** Each node writes its figures to Redis every PUBLISH_MS, with an expiry; any node reads them all. */
export class RedisNodeDirectory implements NodeDirectory {
  private figures: (() => NodeFigures) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: RedisConnections,
    private readonly nodeId: string,
    private readonly log: Logger,
  ) {}

  start(figures: () => NodeFigures): void {
    this.figures = figures;
    void this.publish();
    this.timer = setInterval(() => void this.publish(), PUBLISH_MS);
    this.timer.unref();
  }

  async list(): Promise<[NodeFigures, ...NodeFigures[]]> {
    if (!this.figures) throw new Error("node directory not started");
    const own = this.figures();
    try {
      return [own, ...(await this.others())];
    } catch (err) {
      // Redis down: this node still answers for itself.
      this.log.debug({ err: (err as Error).message }, "other nodes' figures unavailable");
      return [own];
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
    await this.redis.commands.del(this.redis.key("nodes", this.nodeId)).catch(() => undefined);
  }

  private async publish(): Promise<void> {
    if (!this.figures) return;
    try {
      await this.redis.commands
        .multi()
        .set(this.redis.key("nodes", this.nodeId), JSON.stringify(this.figures()), "PX", FIGURES_TTL_MS)
        .sadd(this.redis.key("nodes"), this.nodeId)
        .exec();
    } catch (err) {
      this.log.debug({ err: (err as Error).message }, "node figures not published");
    }
  }
}
