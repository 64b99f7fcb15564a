/**
 * Named integer counters. Incrementing a row inside a transaction locks it until commit,
 * which gives gap-free, commit-ordered sequence numbers on both SQLite and Postgres.
 */
export interface CounterTable {
  name: string;
  value: number;
}
