import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Frame } from "../protocol/message";
import { serializerFor } from "../serializer/negotiate";
import type { SocketAcceptor, Transport, TransportSocket } from "./transport";

export const LONGPOLL_PATH = "/socket/longpoll";

const MAX_BATCH = 100;
const MAX_BODY_BYTES = 1024 * 1024;

const HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "access-control-allow-origin": "*",
};
const PREFLIGHT_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "content-type, x-phoenix-authtoken",
  "access-control-allow-methods": "get, post, options",
  "access-control-max-age": "3600",
};

function respond(res: ServerResponse, body: Record<string, unknown>): void {
  res.writeHead(200, HEADERS).end(JSON.stringify(body));
}

/**
 * One long-poll session: frames queue up until the client's next GET collects them.
 * A GET with nothing queued is held for `windowMs`, then answered 204.
 */
class LongPollSession implements Transport {
  readonly kind = "longpoll";
  readonly idleTimeoutMs: number;
  socket!: TransportSocket;
  private queue: string[] = [];
  private held: { res: ServerResponse; timer: NodeJS.Timeout } | null = null;
  private flushScheduled = false;
  closed = false;

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
    this.queue.push(frame.binary ? JSON.stringify(frame.data.toString("base64")) : frame.data.toString("utf8"));
    // Frames written in the same turn (a reply and the pushes after it) go out in one response.
    if (this.held && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  poll(res: ServerResponse): void {
    this.socket.touch();
    this.release(204);
    if (this.queue.length > 0) return this.answer(res, 200);
    const timer = setTimeout(() => this.release(204), this.windowMs);
    this.held = { res, timer };
    res.on("close", () => {
      if (this.held?.res === res) {
        clearTimeout(this.held.timer);
        this.held = null;
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.held && this.queue.length > 0) this.release(200);
  }

  private release(status: 200 | 204 | 410): void {
    if (!this.held) return;
    const { res, timer } = this.held;
    this.held = null;
    clearTimeout(timer);
    this.answer(res, status);
  }

  private answer(res: ServerResponse, status: number): void {
    const messages = this.queue;
    this.queue = [];
    respond(res, { status, token: this.token, messages });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.release(410);
    this.onClose(this);
    void this.socket.onTransportClosed();
  }
}

/** Serves `/socket/longpoll` with Phoenix's long-poll protocol, so phoenix.js's LongPoll fallback works. */
export class LongPollEndpoint {
  private readonly sessions = new Map<string, LongPollSession>();

  constructor(
    private readonly acceptor: SocketAcceptor,
    private readonly options: { windowMs: number },
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === "OPTIONS") {
      res.writeHead(200, PREFLIGHT_HEADERS).end();
      return;
    }
    // phoenix.js appends the session token after the socket params, which may hold the user's
    // token too: the last `token` names the session, the first is the user's.
    const tokens = url.searchParams.getAll("token");
    const session = this.sessions.get(tokens.at(-1) ?? "");
    if (req.method === "GET") {
      if (session) return session.poll(res);
      return this.open(req, res, url, tokens[0] ?? null);
    }
    if (req.method === "POST") {
      if (!session) return respond(res, { status: 410 });
      return this.publish(session, req, res);
    }
    res.writeHead(400).end();
  }

  private async open(req: IncomingMessage, res: ServerResponse, url: URL, queryToken: string | null): Promise<void> {
    const serializer = serializerFor(url.searchParams.get("vsn"));
    // phoenix.js's `authToken` travels in this header on long-poll.
    const header = req.headers["x-phoenix-authtoken"];
    const userToken = queryToken || (typeof header === "string" ? header : null);
    const auth = serializer ? await this.acceptor.authenticate(userToken) : null;
    if (!serializer || !auth) return respond(res, { status: 403 });
    const token = randomBytes(24).toString("base64url");
    const session = new LongPollSession(token, this.options.windowMs, (s) =>
      this.sessions.delete(s.token),
    );
    session.socket = this.acceptor.connect(session, serializer, auth.identity);
    this.sessions.set(token, session);
    respond(res, { status: 410, token, messages: [] });
  }

  private async publish(session: LongPollSession, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      return respond(res, { status: 400 });
    }
    const batch = (req.headers["content-type"] ?? "").includes("application/x-ndjson");
    const lines = batch ? body.toString("utf8").split("\n").filter((l) => l !== "") : [body.toString("utf8")];
    if (lines.length > MAX_BATCH) return respond(res, { status: 400 });
    session.socket.touch();
    for (const line of lines) {
      // In a batch, lines that are not JSON arrays or objects are base64 binary frames.
      const text = line.startsWith("[") || line.startsWith("{");
      session.socket.receive(text ? Buffer.from(line, "utf8") : Buffer.from(line, "base64"), !text);
      if (session.closed) return respond(res, { status: 410 });
    }
    respond(res, { status: 200 });
  }

}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
