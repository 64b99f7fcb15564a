import type { IncomingMessage } from "node:http";
import type { Duplex, Writable } from "node:stream";
import * as wsModule from "ws";
import { WebSocketServer, WebSocket } from "ws";
import type { Frame } from "../protocol/message";
import { serializerFor } from "../serializer/negotiate";
import type { Logger } from "../log";
import { tokenFromSubprotocols } from "../socket/auth";
import type { SocketAcceptor, Transport } from "./transport";

export const WEBSOCKET_PATH = "/socket/websocket";

const TEXT = { binary: false };
const BINARY = { binary: true };

/** The parts of ws's (untyped) Sender that pre-framed writes use, as socket.io's engine.io does. */
interface WsSender {
  /** 0 while nothing is queued in ws (no deflate or blob read pending): a direct write keeps order. */
  _state: number;
  sendFrame(list: Buffer[], cb?: () => void): void;
}
interface WsSenderClass {
  frame(data: Buffer, options: { fin: boolean; rsv1: boolean; opcode: number; mask: boolean; readOnly: boolean }): Buffer[];
}
// A named export of ws's ESM entry (untyped); its CommonJS entry hangs it on the default export.
const wsExports = wsModule as unknown as { Sender?: WsSenderClass; default?: { Sender?: WsSenderClass } };
const Sender = wsExports.Sender ?? wsExports.default?.Sender;
/** False when this ws has no Sender.frame: every frame then goes through ws.send (correct, slower). */
export const FRAME_ONCE_AVAILABLE = typeof Sender?.frame === "function";
const SENDER_IDLE = 0;

/**
 * A broadcast's frame goes to every subscriber as the same Frame object: its websocket bytes
 * (header + payload) are built once, on the first send, and then written as they are. Other
 * frames are written once: keeping theirs would cost a WeakMap entry each (microseconds, in GC).
 */
const wireBytes = new WeakMap<Frame, Buffer>();

function framed(frame: Frame, frameOnce: WsSenderClass): Buffer {
  if (!frame.shared) return wsFrame(frame, frameOnce);
  let bytes = wireBytes.get(frame);
  if (!bytes) wireBytes.set(frame, (bytes = wsFrame(frame, frameOnce)));
  return bytes;
}

function wsFrame(frame: Frame, frameOnce: WsSenderClass): Buffer {
  const opcode = frame.binary ? 2 : 1;
  return Buffer.concat(frameOnce.frame(frame.data, { fin: true, rsv1: false, opcode, mask: false, readOnly: false }));
}

/**
 * Writes per socket per event-loop turn, as uWebSockets corks: a websocket's TCP socket is corked
 * until the turn ends (setImmediate), so its frames of the turn leave in one write. A socket's
 * first frame of a turn is written at once unless its last turn had several (plain fan-out, one
 * frame per socket per turn, costs nothing more; a big room's members cork from the first).
 * Everything ws writes itself (a close frame, a pong) queues behind them in the same stream.
 */
let turn = 0;
let turnEnding = false;
/**
 * Corked bytes of a socket beyond this go out at once: a big burst gains nothing from waiting, and
 * the kernel takes it as before, so the slow-consumer bound sees the same backlog.
 */
const CORK_BYTES = 64 * 1024;
const corked: Writable[] = [];

function endTurn(): void {
  turnEnding = false;
  turn++;
  for (const socket of corked) socket.uncork();
  corked.length = 0;
}

class WebSocketTransport implements Transport {
  readonly kind = "websocket";
  /** Set when pre-framed bytes can be written: ws exposes its Sender and no extension (deflate) changes frames. */
  private readonly sender: WsSender | null;
  private readonly socket: Writable | null;
  /** The turn of this socket's last frame, its frames in that turn, and whether it is corked for the rest of it. */
  private writeTurn = -1;
  private turnFrames = 0;
  private corked = false;
  private corkedBytes = 0;

  constructor(
    private readonly ws: WebSocket,
    readonly idleTimeoutMs: number,
  ) {
    const sender = (ws as unknown as { _sender?: Partial<WsSender> })._sender;
    const usable = FRAME_ONCE_AVAILABLE && ws.extensions === "" && typeof sender?.sendFrame === "function" && typeof sender._state === "number";
    this.sender = usable ? (sender as WsSender) : null;
    const socket = (ws as unknown as { _socket?: Partial<Writable> })._socket;
    this.socket = typeof socket?.cork === "function" ? (socket as Writable) : null;
  }

  send(frame: Frame): void {
    const ws = this.ws;
    if (ws.readyState !== WebSocket.OPEN) return;
    this.corkForTurn();
    const sender = this.sender;
    if (sender && sender._state === SENDER_IDLE) sender.sendFrame([framed(frame, Sender!)]);
    else ws.send(frame.data, frame.binary ? BINARY : TEXT);
    if (this.corked && (this.corkedBytes += frame.data.length) > CORK_BYTES) {
      this.socket!.uncork();
      this.socket!.cork();
      this.corkedBytes = 0;
    }
  }

  private corkForTurn(): void {
    let cork = !this.corked;
    if (this.writeTurn !== turn) {
      cork = this.turnFrames > 1;
      this.writeTurn = turn;
      this.turnFrames = 0;
      this.corked = false;
      if (!turnEnding) {
        turnEnding = true;
        setImmediate(endTurn);
      }
    }
    this.turnFrames++;
    if (cork && this.socket) {
      this.corked = true;
      this.corkedBytes = 0;
      this.socket.cork();
      corked.push(this.socket);
    }
  }

  get backlogBytes(): number {
    return this.ws.bufferedAmount;
  }

  terminate(): void {
    this.ws.terminate();
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
    if ("refused" in admission) return refuse(socket, admission.refused === "draining" ? 503 : 429, admission.refused);
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

const STATUS_TEXT: Record<number, string> = { 403: "Forbidden", 429: "Too Many Requests", 503: "Service Unavailable" };

/** Refuses an upgrade with an HTTP answer; a limit names itself in the body and asks for a minute's pause. */
function refuse(socket: Duplex, status: 403 | 429 | 503, reason?: string): void {
  const body = reason ? JSON.stringify({ reason }) : "";
  const retry = status === 429 ? "Retry-After: 60\r\n" : status === 503 ? "Retry-After: 1\r\n" : "";
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\n${retry}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
