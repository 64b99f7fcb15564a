import type { ReplyStatus } from "@/lib/protocol";
import type { Frame, Message } from "../protocol/message";

/**
 * Turns frames into Messages and back, for one protocol version.
 * `slot` indexes the per-broadcast encode cache, so a broadcast is encoded once per serializer.
 */
export interface Serializer {
  readonly vsn: string;
  readonly slot: number;
  decode(data: Buffer, isBinary: boolean): Message;
  /** A server push; `ref` is null except on phx_close/phx_error, which carry the join_ref. */
  encode(joinRef: string | null, ref: string | null, topic: string, event: string, payload: unknown): Frame;
  /** A server push whose payload is already JSON (`payloadJson`): what many joins share is encoded once. */
  encodeJsonPush(joinRef: string | null, topic: string, event: string, payloadJson: Buffer): Frame;
  /**
   * One push to many joins, each on its own topic (a broadcast that handleInfo passes on), in two
   * parts: `pushShared` (event and payload) encoded once for all of them, `pushOwn` (topic and
   * join_ref) once per join. `splicePush` gives byte for byte what `encode(joinRef, null, topic,
   * event, payload)` does. Null: this payload is not shared (binary, or not JSON at all).
   */
  pushShared(event: string, payload: unknown): Buffer | null;
  pushOwn(joinRef: string | null, topic: string): Buffer;
  splicePush(own: Buffer, shared: Buffer): Frame;
  encodeReply(joinRef: string | null, ref: string | null, topic: string, status: ReplyStatus, response: unknown): Frame;
  encodeBroadcast(topic: string, event: string, payload: unknown): Frame;
}

export const SERIALIZER_SLOTS = 2;

export function textFrame(value: unknown): Frame {
  return { data: Buffer.from(JSON.stringify(value)), binary: false };
}

export function parseJson(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString("utf8"));
  } catch {
    return undefined;
  }
}

export function isRefLike(value: unknown): value is string | null {
  return value === null || typeof value === "string";
}

/** Clients may send numeric refs; Phoenix echoes them as given, we normalise to strings. */
export function normaliseRef(value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}
