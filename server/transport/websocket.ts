import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, WebSocket } from "ws";
import type { Frame } from "../protocol/message";
import { serializerFor } from "../serializer/negotiate";
import type { Logger } from "../log";
import { tokenFromSubprotocols } from "../socket/auth";
import type { SocketAcceptor, Transport } from "./transport";

export const WEBSOCKET_PATH = "/socket/websocket";

/** A client that cannot keep up is disconnected rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const CLOSE_TRY_AGAIN_LATER = 1013;

const TEXT = { binary: false };
const BINARY = { binary: true };

class WebSocketTransport implements Transport {
  readonly kind = "websocket";

  constructor(
    private readonly ws: WebSocket,
    readonly idleTimeoutMs: number,
  ) {}

  send(frame: Frame): void {
    const ws = this.ws;
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(CLOSE_TRY_AGAIN_LATER, "slow consumer");
      return;
    }
    ws.send(frame.data, frame.binary ? BINARY : TEXT);
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code, reason);
    // A peer that never answers the close handshake is cut off.
    setTimeout(() => this.ws.terminate(), 2000).unref();
  }
}

/** Serves `/socket/websocket`: vsn negotiation, per-address limits, connect auth (query or subprotocol token), frames. */
export class WebSocketEndpoint {
  private readonly wss: WebSocketServer;

  constructor(
    private readonly acceptor: SocketAcceptor,
    private readonly options: { heartbeatTimeoutMs: number; log: Logger },
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      perMessageDeflate: false,
      clientTracking: false,
      // A bigger frame closes the socket with 1009 (message too big).
      maxPayload: acceptor.frameLimits.maxFrameBytes,
      // phoenix.js's authToken sends "phoenix" beside the token; the server answers "phoenix".
      handleProtocols: (protocols) => (protocols.has("phoenix") ? "phoenix" : false),
    });
  }

  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    const serializer = serializerFor(url.searchParams.get("vsn"));
    if (!serializer) return refuse(socket, 403);
    const admission = await this.acceptor.admit(this.acceptor.clientAddress(req));
    if ("refused" in admission) return refuse(socket, 429, admission.refused);
    const token = url.searchParams.get("token") ?? tokenFromSubprotocols(req.headers["sec-websocket-protocol"]);
    const auth = await this.acceptor.authenticate(token).catch((err: unknown) => {
      admission.admitted.release();
      throw err;
    });
    if (!auth || socket.destroyed) {
      admission.admitted.release();
      return refuse(socket, 403);
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const transport = new WebSocketTransport(ws, this.options.heartbeatTimeoutMs);
      const connection = this.acceptor.connect(transport, serializer, auth.identity, admission.admitted);
      ws.on("message", (data: Buffer, isBinary) => connection.receive(data, isBinary));
      ws.on("close", () => void connection.onTransportClosed());
      ws.on("error", (err: Error & { code?: string }) => {
        if (err.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") this.acceptor.limits.refused("frame_bytes");
        this.options.log.debug({ err }, "websocket error");
      });
    });
  }
}

const STATUS_TEXT: Record<number, string> = { 403: "Forbidden", 429: "Too Many Requests" };

/** Refuses an upgrade with an HTTP answer; a limit names itself in the body and asks for a minute's pause. */
function refuse(socket: Duplex, status: 403 | 429, reason?: string): void {
  const body = reason ? JSON.stringify({ reason }) : "";
  const retry = status === 429 ? "Retry-After: 60\r\n" : "";
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\n${retry}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
