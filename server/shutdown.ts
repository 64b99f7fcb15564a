import type { Logger } from "./log";

/** Exit code of a second signal during the drain: stopped at once, not cleanly. */
const EXIT_INTERRUPTED = 130;

/**
 * SIGTERM (or SIGINT) drains: `drain` gets until `deadlineMs` (it bounds itself; this is the last
 * resort if something hangs), then the process exits 0. A second signal exits at once.
 */
export function exitOnSignals(drain: () => Promise<void>, log: Logger, deadlineMs: number): void {
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
    drain().then(
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
