import type { Kysely, Transaction } from "kysely";
import type { Database } from "./database";
import type { DialectName } from "./db";

/** One write of a group: database work only, since it may run twice (see GroupCommit). */
export type GroupWrite<T> = (trx: Transaction<Database>) => Promise<T>;

interface Pending {
  key: string;
  write: GroupWrite<unknown>;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

/**
 * Bounds one transaction: on SQLite a batch runs on the event loop from BEGIN to COMMIT (statements
 * are synchronous), so a small batch keeps everyone else's frames moving between batches.
 */
const MAX_BATCH = 64;
/** How long one event-loop turn may spend committing batches before sockets are read again. */
const TURN_BUDGET_MS = 20;
/** PostgreSQL commits on the server: a few batches in flight hide the round trips (the pool has 10). */
const POSTGRES_IN_FLIGHT = 4;

/**
 * Group commit: writes that arrive together share one transaction, and each one's promise settles
 * after that transaction commits, so an acknowledged write is durable while a burst of N writes
 * costs one commit instead of N. Within a batch writes run in order of `key` (stable), so
 * transactions on several nodes take row locks in the same order and cannot deadlock each other.
 * When anything in a batch fails the whole transaction rolls back and each write is retried in a
 * transaction of its own: only the write that fails again fails.
 */
export class GroupCommit {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private turnStartedAt = 0;
  /** Writes queued before this turn's batches started and not in a batch yet. */
  private leftThisTurn = 0;
  private readonly maxInFlight: number;
  private readonly waitingForIdle: Array<() => void> = [];

  constructor(
    private readonly db: Kysely<Database>,
    dialect: DialectName,
    private readonly turnBudgetMs = TURN_BUDGET_MS,
  ) {
    this.maxInFlight = dialect === "postgres" ? POSTGRES_IN_FLIGHT : 1;
  }

  /** Runs `write` in the next shared transaction; resolves with its result once that has committed. */
  run<T>(key: string, write: GroupWrite<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ key, write, resolve: resolve as (value: unknown) => void, reject });
      // setImmediate: every write the current I/O phase delivers (many sockets' frames) joins the batch.
      if (this.inFlight < this.maxInFlight && this.queue.length === 1) setImmediate(() => this.startBatches());
    });
  }

  /** Resolves once nothing is queued or committing (used on shutdown). */
  idle(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waitingForIdle.push(resolve));
  }

  private startBatches(): void {
    this.turnStartedAt = performance.now();
    this.leftThisTurn = this.queue.length;
    this.fillBatches();
  }

  /**
   * What was queued before this turn is committed in it, batch after batch, for up to
   * `turnBudgetMs`; then the loop turns (setImmediate) and sockets' frames are read. One batch per
   * turn fell behind under overload: a turn that reads thousands of sockets' frames got 64 writes
   * committed. The budget bounds the other side: committing a whole backlog in one turn blocked
   * the event loop for seconds.
   */
  private fillBatches(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.leftThisTurn -= batch.length;
      this.inFlight++;
      void this.commit(batch).finally(() => {
        this.inFlight--;
        const inThisTurn = this.leftThisTurn > 0 && performance.now() - this.turnStartedAt < this.turnBudgetMs;
        if (this.queue.length > 0 && inThisTurn) this.fillBatches();
        else if (this.queue.length > 0) setImmediate(() => this.startBatches());
        else if (this.inFlight === 0) for (const resolve of this.waitingForIdle.splice(0)) resolve();
      });
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let results: unknown[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        results = [];
        for (const pending of batch) results.push(await pending.write(trx));
      });
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      for (const pending of batch) await this.commit([pending]);
      return;
    }
    batch.forEach((pending, i) => pending.resolve(results[i]));
  }
}
