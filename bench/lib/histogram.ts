// Latency histogram that merges across worker processes: 0.05 ms buckets to 100 ms, then 1 ms to 10 s.
const FINE = 2000;
const COARSE = 9900;

export type Histogram = number[];

export function newHistogram(): Histogram {
  return new Array(FINE + COARSE + 1).fill(0);
}

export function record(h: Histogram, ms: number): void {
  const i = ms < 100 ? Math.max(0, Math.floor(ms * 20)) : Math.min(FINE + COARSE, FINE + Math.floor(ms - 100));
  h[i]++;
}

export function merge(into: Histogram, from: Histogram): Histogram {
  for (let i = 0; i < from.length; i++) into[i] += from[i];
  return into;
}

export function count(h: Histogram): number {
  return h.reduce((a, b) => a + b, 0);
}

/** The upper edge of the bucket holding the q-th quantile (ms); null when empty. */
export function quantile(h: Histogram, q: number): number | null {
  const total = count(h);
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    seen += h[i];
    if (seen >= rank) return i < FINE ? (i + 1) / 20 : 100 + (i - FINE + 1);
  }
  return null;
}

export function summary(h: Histogram) {
  return { n: count(h), p50: quantile(h, 0.5), p99: quantile(h, 0.99), max: quantile(h, 1) };
}
