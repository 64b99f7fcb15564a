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

  constructor(gauges: { connections: () => number; channels: () => Record<string, number> }) {
    const metrics = this;
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
    new Counter({
      name: "realtime_frames_in_total",
      help: "Frames received from clients",
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(metrics.framesIn);
      },
    });
    new Counter({
      name: "realtime_frames_out_total",
      help: "Frames written to clients",
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(metrics.framesOut);
      },
    });
    // Includes nodejs_eventloop_lag_seconds and process memory.
    collectDefaultMetrics({ register: this.registry });
  }
}
