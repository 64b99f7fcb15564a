/** A decoded client frame: `[join_ref, ref, topic, event, payload]` in either serializer. */
export interface Message {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  /** A decoded JSON value, or the raw bytes of a V2 binary push. */
  payload: unknown;
}

/** An encoded frame ready for a transport: text frames and binary frames are both bytes. */
export interface Frame {
  data: Buffer;
  binary: boolean;
  /** Written to many sockets (a broadcast's frame): a transport keeps what it makes of it for the next. */
  shared?: true;
}

/** The protocol was violated (bad JSON, wrong shape): Phoenix closes the socket with 1011. */
export class ProtocolError extends Error {}
