import type { Frame } from "../protocol/message";

/** How frames reach one client: a websocket, or a long-poll session. */
export interface Transport {
  readonly kind: "websocket" | "longpoll";
  /** A connection silent for longer than this is closed by the endpoint's sweep. */
  readonly idleTimeoutMs: number;
  send(frame: Frame): void;
  close(code: number, reason: string): void;
}
