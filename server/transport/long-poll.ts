import type { IncomingMessage, ServerResponse } from "node:http";
import { serializerFor } from "../serializer/negotiate";
import { sessionOwner, type LongPollSessions } from "./long-poll-sessions";
import type { SocketAcceptor } from "./transport";

export const LONGPOLL_PATH = "/socket/longpoll";

const MAX_BATCH = 100;

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

function respond(res: ServerResponse, body: object, httpStatus = 200): void {
  res.writeHead(httpStatus, HEADERS).end(JSON.stringify(body));
}

class BodyTooLarge extends Error {}

/**
 * Serves `/socket/longpoll` with Phoenix's long-poll protocol, so phoenix.js's LongPoll fallback
 * works. This is only the HTTP side, on whichever node the request lands: opening a session makes
 * this node its owner; polls and posts go to the owner through `sessions`.
 */
export class LongPollEndpoint {
  constructor(
    private readonly acceptor: SocketAcceptor,
    private readonly sessions: LongPollSessions,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === "OPTIONS") {
      res.writeHead(200, PREFLIGHT_HEADERS).end();
      return;
    }
    // phoenix.js appends the session token after the socket params, which may hold the user's
    // token too: session tokens name their node, anything else is the user's.
    const tokens = url.searchParams.getAll("token");
    const session = tokens.findLast((t) => sessionOwner(t) !== null) ?? null;
    const userToken = tokens.find((t) => sessionOwner(t) === null) ?? null;
    if (req.method === "GET") {
      const cancelled = cancelledWhenGone(res);
      const answer = session ? await this.sessions.poll(session, cancelled) : null;
      if (cancelled.aborted) return;
      // An unknown session (expired, or its node is gone) gets a new one: 410 with its token.
      if (answer) return respond(res, answer);
      return this.open(req, res, url, userToken);
    }
    if (req.method === "POST") {
      if (!session) return respond(res, { status: 410 });
      return this.publish(session, req, res);
    }
    res.writeHead(400).end();
  }

  private async open(req: IncomingMessage, res: ServerResponse, url: URL, queryToken: string | null): Promise<void> {
    const serializer = serializerFor(url.searchParams.get("vsn"));
    if (!serializer) return respond(res, { status: 403 });
    const admission = await this.acceptor.admit(this.acceptor.clientAddress(req));
    // phoenix.js's LongPoll knows 200, 204, 410, 403 and 500 only; 500 makes it retry with backoff.
    if ("refused" in admission) return respond(res, { status: 500, reason: admission.refused }, admission.refused === "draining" ? 503 : 429);
    // phoenix.js's `authToken` travels in this header on long-poll.
    const header = req.headers["x-phoenix-authtoken"];
    const userToken = queryToken || (typeof header === "string" ? header : null);
    const auth = await this.acceptor.authenticate(userToken).catch((err: unknown) => {
      admission.admitted.release();
      throw err;
    });
    if (!auth) {
      admission.admitted.release();
      return respond(res, { status: 403 });
    }
    const token = this.sessions.open((transport) => this.acceptor.connect(transport, serializer, auth.identity, admission.admitted));
    respond(res, { status: 410, token, messages: [] });
  }

  private async publish(session: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { maxFrameBytes, maxLongPollBodyBytes } = this.acceptor.frameLimits;
    let body: Buffer;
    try {
      body = await readBody(req, maxLongPollBodyBytes);
    } catch (err) {
      if (!(err instanceof BodyTooLarge)) return respond(res, { status: 400 });
      this.acceptor.limits.refused("longpoll_body_bytes");
      // The rest of the body is not read: the connection ends after the answer.
      res.once("finish", () => req.socket.destroy());
      return respond(res, { status: 413, reason: "body_too_large", max_bytes: maxLongPollBodyBytes }, 413);
    }
    const batch = (req.headers["content-type"] ?? "").includes("application/x-ndjson");
    const frames = batch ? body.toString("utf8").split("\n").filter((l) => l !== "") : [body.toString("utf8")];
    if (frames.length > MAX_BATCH) return respond(res, { status: 400 });
    // As a websocket frame over the limit closes its socket, a batch holding such a line is refused whole.
    if (frames.some((line) => Buffer.byteLength(line) > maxFrameBytes)) {
      this.acceptor.limits.refused("frame_bytes");
      return respond(res, { status: 413, reason: "frame_too_large", max_bytes: maxFrameBytes }, 413);
    }
    respond(res, { status: await this.sessions.publish(session, frames) });
  }
}

/** Aborts when the client hangs up before its answer was written. */
function cancelledWhenGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableEnded) controller.abort();
  });
  return controller.signal;
}

/** The body, refused (BodyTooLarge) as soon as its declared or received size passes `maxBytes`. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > maxBytes) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause();
        req.removeAllListeners("data");
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
