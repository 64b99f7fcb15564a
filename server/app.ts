import { createHash, timingSafeEqual } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { EventEmitter } from "node:events";
import type { Config } from "./config";
import { log } from "./log";
import type { ChannelModule } from "./channel/channel";
import { PubSub } from "./pubsub/pubsub";
import type { PubSubAdapter } from "./pubsub/adapter";
import { Presence } from "./presence/presence";
import { LocalTracker, type PresenceTracker } from "./presence/tracker";
import { bearerToken, TokenVerifier } from "./socket/auth";
import { ChannelRouter } from "./socket/router";
import { Endpoint } from "./socket/endpoint";
import { WEBSOCKET_PATH, WebSocketEndpoint } from "./transport/websocket";
import { LONGPOLL_PATH, LongPollEndpoint } from "./transport/long-poll";
import { LocalLongPollSessions, type LongPollSessions } from "./transport/long-poll-sessions";
import { clusterReport, connectionsReport } from "./monitor/connections";
import { LocalNodeDirectory, type NodeDirectory } from "./monitor/node-directory";
import { sendError, sendJson } from "./http/respond";
import { applySecurityHeaders } from "./http/security-headers";
import { CLIENT_ADDRESS_HEADER } from "./limits/sign-in-limiter";
import { MemoryLimiterStore, type LimiterStore } from "./limits/limiter-store";

/**
 * Connections the kernel queues while the process is busy, as when every client of a node
 * reconnects after a deploy (Node's default is 511: a storm overflowed it and got resets).
 * The kernel caps it at net.core.somaxconn.
 */
const LISTEN_BACKLOG = 4096;

/** The placeholder tokens the protocol document's examples use, all meaning the demo shopper. */
const DOCUMENT_PLACEHOLDER_TOKENS = ["your_jwt_token", "your_jwt_token_here", "jwt_token_here", "test_token", "test"];
const DEMO_SHOPPER = "user123";

/** The JSON API; answers true when it handled the request. */
export type HttpRoutes = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/** What the product plugs into the socket server, built once the endpoint exists (to broadcast). */
export interface Application {
  channels: readonly ChannelModule<any, any>[];
  routes?: HttpRoutes;
  /** Whether a user may see monitoring (an admin). */
  isAdmin: (userId: string) => Promise<boolean>;
  /** Tokens of these users are refused and their sockets closed (none when absent). */
  disabledUsers?: (userIds: readonly string[]) => Promise<Set<string>>;
  /** On drain, once handlers and requests are done: resolves when the work they left running has finished, or at `deadline`. */
  settled?: (deadline: number) => Promise<void>;
}

export interface RealtimeServerOptions {
  config: Config;
  application: (endpoint: Endpoint) => Application;
  /** The Next.js app: its request handler and the emitter its own upgrade listener is attached to. */
  next?: { handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>; upgrades: EventEmitter };
  pubsubAdapter?: PubSubAdapter | null;
  /** Where /monitor/connections finds the other nodes' figures; none by default. */
  nodeDirectory?: NodeDirectory;
  /** Who is present where; this process only by default. */
  presenceTracker?: PresenceTracker;
  /** Where long-poll sessions live; this process only by default. */
  longPollSessions?: LongPollSessions;
  /** Where rate limits shared by every node count; this process by default. */
  limiterStore?: LimiterStore;
  demoTokens?: boolean;
}

export interface DrainOptions {
  healthGraceMs?: number;
  spreadMs?: number;
}

export interface RealtimeServer {
  readonly http: http.Server;
  readonly endpoint: Endpoint;
  listen(port: number, host?: string): Promise<number>;
  /**
   * Draining shutdown: health answers 503 and new sockets are refused at once; `healthGraceMs` later
   * (none by default) new requests are refused too, and sockets finish their frames and get 1012 spread over `spreadMs` (none by
   * default); running requests finish, then the work they left running (Application.settled); all
   * within DRAIN_TIMEOUT_MS of the grace's end.
   */
  close(options?: DrainOptions): Promise<void>;
}

/** One HTTP server: the socket (websocket + long-poll), monitoring, the JSON API, and the Next app. */
export function createRealtimeServer(options: RealtimeServerOptions): RealtimeServer {
  const { config } = options;
  const router = new ChannelRouter();
  const pubsub = new PubSub(options.pubsubAdapter ?? null);
  const demoTokens = options.demoTokens ? new Map(DOCUMENT_PLACEHOLDER_TOKENS.map((t) => [t, DEMO_SHOPPER])) : null;
  // The application is built below; tokens are only checked once it exists.
  const verifier = new TokenVerifier(config.JWT_SECRET, demoTokens, {
    disabled: async (ids) => (application.disabledUsers ? application.disabledUsers(ids) : new Set()),
  });
  const nodeDirectory = options.nodeDirectory ?? new LocalNodeDirectory();
  const presence = new Presence(pubsub, options.presenceTracker ?? new LocalTracker());
  const endpoint = new Endpoint(config, router, pubsub, presence, verifier, log, options.limiterStore ?? new MemoryLimiterStore());
  const application = options.application(endpoint);
  for (const channel of application.channels) router.register(channel);
  const websocket = new WebSocketEndpoint(endpoint, { heartbeatTimeoutMs: config.HEARTBEAT_TIMEOUT_MS, log });
  const longPollSessions = options.longPollSessions ?? new LocalLongPollSessions(config.NODE_ID, config.LONGPOLL_WINDOW_MS);
  const longPoll = new LongPollEndpoint(endpoint, longPollSessions);

  async function isMonitorAllowed(req: IncomingMessage): Promise<boolean> {
    const bearer = bearerToken(req.headers.authorization);
    if (!bearer) return false;
    if (config.MONITOR_TOKEN && sameSecret(bearer, config.MONITOR_TOKEN)) return true;
    const identity = await verifier.verify(bearer);
    return identity !== null && (await application.isAdmin(identity.userId));
  }

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    applySecurityHeaders(req, res, config.NODE_ENV === "development");
    // Sign-in attempts are limited per client address; only this server may say what it is.
    req.headers[CLIENT_ADDRESS_HEADER] = endpoint.clientAddress(req);
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    if (endpoint.draining) {
      // Health fails at once so the balancer stops routing here. Until it has noticed (the grace) it
      // still sends requests, and they are served; after the grace they are refused (a balancer
      // retries a 503 on another node). Open long-poll sessions still run until closed.
      res.setHeader("connection", "close");
      if (path === "/api/health") return sendJson(res, 503, { status: "draining" });
      if (refusingRequests && path !== LONGPOLL_PATH) return sendError(res, 503, "draining");
    }
    if (path === WEBSOCKET_PATH) {
      // A plain GET without the upgrade headers, as Phoenix's server answers it.
      return sendError(res, 400, "websocket upgrade required");
    }
    if (path === LONGPOLL_PATH) return longPoll.handle(req, res, url);
    if (path === "/api/health") return sendJson(res, 200, { status: "ok" });
    if (path === "/monitor/connections" || path === "/metrics") {
      if (!(await isMonitorAllowed(req))) return sendError(res, 401, "unauthorized");
      if (path === "/metrics") {
        res.writeHead(200, { "content-type": endpoint.metrics.registry.contentType });
        res.end(await endpoint.metrics.registry.metrics());
        return;
      }
      const cluster = await nodeDirectory.list();
      return sendJson(res, 200, clusterReport(cluster.nodes, cluster.distinctTopics));
    }
    if (application.routes && (await application.routes(req, res, url))) return;
    if (options.next) return options.next.handle(req, res);
    sendError(res, 404, "not_found");
  }

  let running = 0;
  let refusingRequests = false;
  const server = http.createServer((req, res) => {
    running++;
    res.once("close", () => running--);
    handleRequest(req, res).catch((err) => {
      log.error({ err, url: req.url }, "request failed");
      endpoint.metrics.errors.inc({ kind: "http" });
      if (!res.headersSent) sendError(res, 500, "internal_error");
      else res.end();
    });
  });

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === WEBSOCKET_PATH) {
      websocket.handleUpgrade(req, socket, head, url).catch((err) => {
        log.error({ err }, "upgrade failed");
        socket.destroy();
      });
    } else if (options.next) {
      // Next's own upgrade listener (hot reload) only ever sees the upgrades that are not ours.
      options.next.upgrades.emit("upgrade", req, socket, head);
    } else {
      socket.destroy();
    }
  });

  return {
    http: server,
    endpoint,
    async listen(port, host = "0.0.0.0") {
      await pubsub.start();
      await presence.start();
      nodeDirectory.start(
        () => ({ node: config.NODE_ID, ...connectionsReport(endpoint) }),
        () => endpoint.pubsub.topicNames(),
      );
      await longPollSessions.start();
      endpoint.start();
      await new Promise<void>((resolve) => server.listen({ port, host, backlog: LISTEN_BACKLOG }, resolve));
      const address = server.address();
      return typeof address === "object" && address ? address.port : port;
    },
    async close({ healthGraceMs = 0, spreadMs = 0 } = {}) {
      // Health fails and new sockets are refused at once; the sockets and requests here keep being
      // served while a load balancer notices, so that reconnects (after 1012) go to the other nodes.
      endpoint.draining = true;
      if (healthGraceMs > 0) await new Promise((resolve) => setTimeout(resolve, healthGraceMs));
      refusingRequests = true;
      const deadline = Date.now() + config.DRAIN_TIMEOUT_MS;
      await endpoint.drain(spreadMs, deadline);
      // Held long polls were answered when their sessions closed; API requests finish.
      while (running > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Broadcasts and notifications nobody awaited still need the pubsub (and the database).
      await application.settled?.(deadline);
      await longPollSessions.close();
      await presence.close();
      await nodeDirectory.close();
      await pubsub.close();
    },
  };
}

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
