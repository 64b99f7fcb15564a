import type { DrainOptions } from "./app";
import type { Config } from "./config";
import type { Logger } from "./log";

/** Exit code of a second signal during the drain: stopped at once, not cleanly. */
const EXIT_INTERRUPTED = 130;

/**
 * SIGTERM (or SIGINT) drains as the config says: health fails for DRAIN_HEALTH_GRACE_MS, then
 * sockets close over DRAIN_SPREAD_MS, all within DRAIN_TIMEOUT_MS more (`drain` bounds itself; the
 * deadline here is the last resort if something hangs), then the process exits 0. A second signal
 * exits at once.
 */
export function exitOnSignals(drain: (options: DrainOptions) => Promise<void>, log: Logger, config: Config): void {
  const options: DrainOptions = { healthGraceMs: config.DRAIN_HEALTH_GRACE_MS, spreadMs: config.DRAIN_SPREAD_MS };
  const deadlineMs = config.DRAIN_HEALTH_GRACE_MS + config.DRAIN_TIMEOUT_MS;
  let draining = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (draining) {
      log.warn({ signal }, "second signal while draining: exiting at once");
      process.exit(EXIT_INTERRUPTED);
    }
    draining = true;
    log.info({ signal, deadline_ms: deadlineMs }, "draining");
    setTimeout(() => {
      log.error("drain overran its deadline: exiting");
      process.exit(1);
    }, deadlineMs + 5000).unref();
    drain(options).then(
      () => {
        log.info("drained");
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, "drain failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
