import { randomBytes } from "node:crypto";
import { LongPollSession, type PollAnswer, type PublishStatus } from "./long-poll-session";
import type { Transport, TransportSocket } from "./transport";

/**
 * Where long-poll sessions live. The HTTP endpoint (any node) opens sessions here and hands each
 * poll and post to the session's owner: this process, or, through Redis, the node the session
 * token names (`RedisLongPollSessions`). Chosen in `start-app.ts`.
 */
export interface LongPollSessions {
  readonly nodeId: string;
  start(): Promise<void>;
  /** A session owned by this node, for a client just let in; answers its token. */
  open(connect: (transport: Transport) => TransportSocket): string;
  /** Null when no live session has this token (unknown, closed, or its node is gone). */
  poll(token: string, cancelled: AbortSignal): Promise<PollAnswer | null>;
  publish(token: string, frames: readonly string[]): Promise<PublishStatus>;
  close(): Promise<void>;
}

// 24 random bytes in base64url, a dot, the node id.
const SESSION_TOKEN = /^([A-Za-z0-9_-]{32})\.([A-Za-z0-9._-]{1,64})$/;

/** `<random>.<owning node id>`: any node can tell where a session lives. */
export function sessionToken(nodeId: string): string {
  const token = `${randomBytes(24).toString("base64url")}.${nodeId}`;
  if (!SESSION_TOKEN.test(token)) throw new Error(`unusable node id: ${nodeId}`);
  return token;
}

/** The owning node of a session token; null for anything else (a user's JWT in the same query). */
export function sessionOwner(token: string): string | null {
  return SESSION_TOKEN.exec(token)?.[2] ?? null;
}

/** Sessions of this process only: one node, or sticky sessions in front of several. */
export class LocalLongPollSessions implements LongPollSessions {
  private readonly sessions = new Map<string, LongPollSession>();

  constructor(
    readonly nodeId: string,
    readonly windowMs: number,
  ) {}

  open(connect: (transport: Transport) => TransportSocket): string {
    const session = new LongPollSession(sessionToken(this.nodeId), this.windowMs, (s) => this.sessions.delete(s.token));
    session.socket = connect(session);
    this.sessions.set(session.token, session);
    return session.token;
  }

  async poll(token: string, cancelled: AbortSignal): Promise<PollAnswer | null> {
    return this.sessions.get(token)?.poll(cancelled) ?? null;
  }

  async publish(token: string, frames: readonly string[]): Promise<PublishStatus> {
    return this.sessions.get(token)?.publish(frames) ?? 410;
  }

  async start(): Promise<void> {}

  async close(): Promise<void> {}
}
