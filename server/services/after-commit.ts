import type { Logger } from "../log";
import type { Metrics } from "../monitor/metrics";

/**
 * Work that follows a committed write (broadcasts, notifications, the assistant's answer). The
 * write is acknowledged whatever happens here: a failure is logged and counted, never turned
 * into an error reply that would make the client retry, and store, what is already stored.
 * Every step is tracked until it ends, awaited or not, so a draining shutdown can wait for the
 * steps no handler waits for before it closes the pubsub and the database under them.
 */
export class AfterCommit {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly log: Logger,
    private readonly metrics: Metrics,
  ) {}

  run(step: string, work: () => unknown): Promise<void> {
    const done = (async () => {
      try {
        await work();
      } catch (err) {
        this.log.error({ err, step }, "after-commit step failed");
        this.metrics.afterCommitFailures.inc({ step });
      }
    })();
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
    return done;
  }

  /** Resolves once no step runs (steps started meanwhile included), or at `deadline` (epoch ms); false if some were still running then. */
  async settled(deadline: number): Promise<boolean> {
    while (this.running.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(this.running), new Promise((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    }
    return true;
  }
}
