import type { Logger } from "../log";
import type { Metrics } from "../monitor/metrics";

/**
 * Work that follows a committed write (broadcasts, notifications, the assistant's answer). The
 * write is acknowledged whatever happens here: a failure is logged and counted, never turned
 * into an error reply that would make the client retry, and store, what is already stored.
 */
export async function afterCommit(app: { log: Logger; metrics: Metrics }, step: string, work: () => unknown): Promise<void> {
  try {
    await work();
  } catch (err) {
    app.log.error({ err, step }, "after-commit step failed");
    app.metrics.afterCommitFailures.inc({ step });
  }
}
