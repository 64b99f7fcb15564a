import { randomBytes } from "node:crypto";

/**
 * Prefixed, time-sortable id such as `msg_0mhz3k1q8a3f9c2e7b1d04`: 9 base-36 characters of
 * milliseconds (sorts correctly until the year 5188) then 64 random bits in hex.
 */
export function newId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36).padStart(9, "0")}${randomBytes(8).toString("hex")}`;
}

/** Unguessable token for URLs such as public delivery tracking links. */
export function newToken(): string {
  return randomBytes(18).toString("base64url");
}
