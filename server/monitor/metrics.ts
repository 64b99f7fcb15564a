import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Prometheus metrics. Per-frame counts are plain integers (they sit on the fan-out hot path)
 * and are read by the registry at scrape time; everything else is a labelled prom-client metric.
 */
export class Metrics {
  readonly registry = new Registry();
  framesIn = 0;
  framesOut = 0;

  readonly joins = new Counter({
    name: "realtime_channel_joins_total",
    help: "Channel joins by channel kind and result",
    labelNames: ["kind", "status"] as const,
    registers: [this.registry],
  });
  readonly pushes = new Counter({
    name: "realtime_client_pushes_total",
    help: "Client pushes by event",
    labelNames: ["event"] as const,
    registers: [this.registry],
  });
  readonly broadcasts = new Counter({
    name: "realtime_broadcasts_total",
    help: "Broadcasts by event (once per broadcast, not per subscriber)",
    labelNames: ["event"] as const,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: "realtime_errors_total",
    help: "Errors by kind (protocol, join_crash, channel_crash, connection_crash, http)",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });

  readonly limitRefusals = new Counter({
    name: "realtime_limit_refusals_total",
    help: "Frames, events, joins, sockets and requests refused by a limit, by limit (docs/security.md)",
    labelNames: ["limit"] as const,
    registers: [this.registry],
  });

  readonly afterCommitFailures = new Counter({
    name: "realtime_after_commit_failures_total",
    help: "Steps after a committed, acknowledged write that failed (broadcast, notify, assistant)",
    labelNames: ["step"] as const,
    registers: [this.registry],
  });

  constructor(
    node: string,
    gauges: { connections: () => number; channels: () => Record<string, number> },
  ) {
    const metrics = this;
    // Every series names its node: a Prometheus scraping each node never adds two nodes up by mistake.
    this.registry.setDefaultLabels({ node });
    new Gauge({
      name: "realtime_connections",
      help: "Open sockets (websocket and long-poll)",
      registers: [this.registry],
      collect() {
        this.set(gauges.connections());
      },
    });
    new Gauge({
      name: "realtime_channels",
      help: "Joined channels by kind",
      labelNames: ["kind"] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [kind, count] of Object.entries(gauges.channels())) this.set({ kind }, count);
      },
    });
    countedElsewhere(this.registry, "realtime_frames_in_total", "Frames received from clients", () => metrics.framesIn);
    countedElsewhere(this.registry, "realtime_frames_out_total", "Frames written to clients", () => metrics.framesOut);
    // Includes nodejs_eventloop_lag_seconds and process memory.
    collectDefaultMetrics({ register: this.registry });
  }

  /** The cluster's Redis link: up or not, reconnects, and broadcasts that could not be relayed. */
  observeRedis(redis: { readonly connected: boolean; readonly reconnects: number; readonly lostPublishes: number }): void {
    new Gauge({
      name: "realtime_redis_connected",
      help: "1 while this node is connected to the cluster's Redis",
      registers: [this.registry],
      collect() {
        this.set(redis.connected ? 1 : 0);
      },
    });
    countedElsewhere(this.registry, "realtime_redis_reconnects_total", "Times the Redis link came back after being lost", () => redis.reconnects);
    countedElsewhere(
      this.registry,
      "realtime_redis_lost_publishes_total",
      "Messages for other nodes dropped while Redis was unreachable",
      () => redis.lostPublishes,
    );
  }
}

/** A counter kept as a plain number by its owner and read at scrape time. */
function countedElsewhere(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}
