import { randomBytes } from "node:crypto";

let lastMs = 0;
let seqInMs = 0;

/**
 * Prefixed, time-sortable id such as `msg_0mhz3k1q80001a3f9c2e7b1d04`: 9 base-36 characters of
 * milliseconds (sorts correctly until the year 5188), 4 base-36 characters counting ids made in
 * the same millisecond, then 48 random bits in hex. Listings order by (created_at, id), so ids
 * made by one process in one millisecond must still sort in the order they were made; the clock
 * is never allowed to step back for the same reason.
 */
export function newId(prefix: string): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    seqInMs = 0;
  } else {
    seqInMs++;
  }
  const ms = lastMs.toString(36).padStart(9, "0");
  const seq = seqInMs.toString(36).padStart(4, "0");
  return `${prefix}_${ms}${seq}${randomBytes(6).toString("hex")}`;
}

/** Unguessable token for URLs such as public delivery tracking links. */
export function newToken(): string {
  return randomBytes(18).toString("base64url");
}
