import type { Frame } from "../protocol/message";
import type { Transport, TransportSocket } from "./transport";

/** What a long-poll GET is answered with: Phoenix's body (`status` travels in it, HTTP says 200). */
export interface PollAnswer {
  status: 200 | 204 | 410;
  token: string;
  messages: string[];
}

/** What a long-poll POST is answered with: 400 for a malformed batch, 410 once the session is gone. */
export type PublishStatus = 200 | 400 | 410;

/**
 * One long-poll session, on the node that opened it: frames queue up until the client's next GET
 * collects them. A GET with nothing queued is held for `windowMs`, then answered 204. It never
 * sees HTTP: the endpoint that took the request (this node's or another's) hands polls and posts
 * over as values.
 */
export class LongPollSession implements Transport {
  readonly kind = "longpoll";
  readonly idleTimeoutMs: number;
  socket!: TransportSocket;
  closed = false;
  private queue: string[] = [];
  private queuedBytes = 0;
  private held: { answer: (answer: PollAnswer) => void; timer: NodeJS.Timeout } | null = null;
  private flushScheduled = false;

  constructor(
    readonly token: string,
    private readonly windowMs: number,
    private readonly onClose: (session: LongPollSession) => void,
  ) {
    // A session nobody polls for one and a half windows is gone, as in Phoenix.
    this.idleTimeoutMs = windowMs * 1.5;
  }

  send(frame: Frame): void {
    if (this.closed) return;
    // Long-poll carries text frames; phoenix.js's LongPoll has no binary path from the server.
    const text = frame.binary ? JSON.stringify(frame.data.toString("base64")) : frame.data.toString("utf8");
    this.queue.push(text);
    this.queuedBytes += text.length;
    // Frames written in the same turn (a reply and the pushes after it) go out in one response.
    if (this.held && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /**
   * A GET. A newer poll answers the one held before it (204). `cancelled` fires when the client
   * went away before the answer: the poll is dropped and its frames stay queued for the next one.
   */
  poll(cancelled: AbortSignal): Promise<PollAnswer> {
    this.socket.touch();
    this.release(204);
    if (this.queue.length > 0 || this.closed) return Promise.resolve(this.take(this.closed ? 410 : 200));
    return new Promise((resolve) => {
      const held = { answer: resolve, timer: setTimeout(() => this.release(204), this.windowMs) };
      this.held = held;
      cancelled.addEventListener(
        "abort",
        () => {
          if (this.held !== held) return;
          clearTimeout(held.timer);
          this.held = null;
          resolve({ status: 204, token: this.token, messages: [] });
        },
        { once: true },
      );
    });
  }

  /** A POST's frames (text, or base64 for binary), handled in order; 410 if one of them ends the session. */
  publish(frames: readonly string[]): PublishStatus {
    if (this.closed) return 410;
    this.socket.touch();
    for (const line of frames) {
      // In a batch, lines that are not JSON arrays or objects are base64 binary frames.
      const text = line.startsWith("[") || line.startsWith("{");
      this.socket.receive(text ? Buffer.from(line, "utf8") : Buffer.from(line, "base64"), !text);
      if (this.closed) return 410;
    }
    return 200;
  }

  get backlogBytes(): number {
    return this.queuedBytes;
  }

  terminate(): void {
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.release(410);
    this.onClose(this);
    void this.socket.onTransportClosed();
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.held && this.queue.length > 0) this.release(200);
  }

  private release(status: PollAnswer["status"]): void {
    if (!this.held) return;
    const { answer, timer } = this.held;
    this.held = null;
    clearTimeout(timer);
    answer(this.take(status));
  }

  private take(status: PollAnswer["status"]): PollAnswer {
    const messages = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    return { status, token: this.token, messages };
  }
}
