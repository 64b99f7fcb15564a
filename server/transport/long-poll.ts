import type { IncomingMessage, ServerResponse } from "node:http";
import { serializerFor } from "../serializer/negotiate";
import { sessionOwner, type LongPollSessions } from "./long-poll-sessions";
import type { SocketAcceptor } from "./transport";

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

function respond(res: ServerResponse, body: object): void {
  res.writeHead(200, HEADERS).end(JSON.stringify(body));
}

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
    // phoenix.js's `authToken` travels in this header on long-poll.
    const header = req.headers["x-phoenix-authtoken"];
    const userToken = queryToken || (typeof header === "string" ? header : null);
    const auth = serializer ? await this.acceptor.authenticate(userToken) : null;
    if (!serializer || !auth) return respond(res, { status: 403 });
    const token = this.sessions.open((transport) => this.acceptor.connect(transport, serializer, auth.identity));
    respond(res, { status: 410, token, messages: [] });
  }

  private async publish(session: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      return respond(res, { status: 400 });
    }
    const batch = (req.headers["content-type"] ?? "").includes("application/x-ndjson");
    const frames = batch ? body.toString("utf8").split("\n").filter((l) => l !== "") : [body.toString("utf8")];
    if (frames.length > MAX_BATCH) return respond(res, { status: 400 });
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
