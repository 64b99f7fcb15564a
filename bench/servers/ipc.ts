// Lets the bench driver read a server process's memory and event-loop delay (its CPU it reads from /proc).
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface Probe {
  rss: number;
  heapUsed: number;
  /** Event-loop delay since the previous probe, ms. */
  loopDelayP99: number;
  loopDelayMax: number;
}

export function answerProbes(): void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  process.on("message", (message) => {
    if (message !== "probe") return;
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    const probe: Probe = {
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      loopDelayP99: delay.percentile(99) / 1e6,
      loopDelayMax: delay.max / 1e6,
    };
    delay.reset();
    process.send?.({ probe });
  });
}

/** Tells the driver the port, once listening. */
export function ready(port: number): void {
  answerProbes();
  // An orderly exit on the driver's SIGTERM, so `--cpu-prof` (BENCH_CPU_PROF) writes its profile.
  process.once("SIGTERM", () => process.exit(0));
  process.send?.({ port });
}
