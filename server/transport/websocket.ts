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

/** Serves `/socket/websocket`: vsn negotiation, connect auth (query or subprotocol token), frames. */
export class WebSocketEndpoint {
  private readonly wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    clientTracking: false,
    maxPayload: 1024 * 1024,
    // phoenix.js's authToken sends "phoenix" beside the token; the server answers "phoenix".
    handleProtocols: (protocols) => (protocols.has("phoenix") ? "phoenix" : false),
  });

  constructor(
    private readonly acceptor: SocketAcceptor,
    private readonly options: { heartbeatTimeoutMs: number; log: Logger },
  ) {}

  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    const serializer = serializerFor(url.searchParams.get("vsn"));
    const token = url.searchParams.get("token") ?? tokenFromSubprotocols(req.headers["sec-websocket-protocol"]);
    const auth = serializer ? await this.acceptor.authenticate(token) : null;
    if (!serializer || !auth) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const transport = new WebSocketTransport(ws, this.options.heartbeatTimeoutMs);
      const socket = this.acceptor.connect(transport, serializer, auth.identity);
      ws.on("message", (data: Buffer, isBinary) => socket.receive(data, isBinary));
      ws.on("close", () => void socket.onTransportClosed());
      ws.on("error", (err) => this.options.log.debug({ err }, "websocket error"));
    });
  }
}
