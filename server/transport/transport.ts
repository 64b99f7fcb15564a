import type { IncomingMessage } from "node:http";
import type { Limits } from "../limits/limits";
import type { Frame } from "../protocol/message";
import type { Serializer } from "../serializer/serializer";
import type { Identity } from "../socket/auth";
import type { Admission, AdmissionResult } from "../limits/connection-gate";

/** How frames reach one client: a websocket, or a long-poll session. */
export interface Transport {
  readonly kind: "websocket" | "longpoll";
  /** A connection silent for longer than this is closed by the endpoint's sweep. */
  readonly idleTimeoutMs: number;
  send(frame: Frame): void;
  /** Bytes written but not yet taken by the client (a websocket's buffer, a long-poll queue). */
  readonly backlogBytes: number;
  close(code: number, reason: string): void;
  /** Ends it at once, without a close handshake that would wait behind the backlog. */
  terminate(): void;
}

/** What a transport carries frames for (a Connection): bytes in, signs of life, the end. */
export interface TransportSocket {
  receive(data: Buffer, isBinary: boolean): void;
  /** The client showed it is alive without sending a frame (a long-poll GET). */
  touch(): void;
  /** The transport is gone for good. */
  onTransportClosed(): Promise<void>;
}

/** What transports ask of the node: the client's address, a place for it, connect-time auth, then a socket for each client let in. */
export interface SocketAcceptor {
  clientAddress(req: IncomingMessage): string;
  /** Per-address socket limits; the admission is released when the socket ends (or its auth fails). */
  admit(address: string): Promise<AdmissionResult>;
  /** No token is an anonymous socket; a bad token is null (the client is refused). */
  authenticate(token: string | null): Promise<{ identity: Identity | null } | null>;
  connect(transport: Transport, serializer: Serializer, identity: Identity | null, admission: Admission): TransportSocket;
  /** Limits of frames and their sizes, shared by both transports. */
  readonly frameLimits: FrameLimits;
  readonly limits: Limits;
}

export interface FrameLimits {
  maxFrameBytes: number;
  maxLongPollBodyBytes: number;
}
