import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { z } from "zod";
import { isTrustList } from "./limits/client-address";
import { DEMO_JWT_SECRET, runMode, type Env, type RunMode } from "./run-mode";

/** Every environment variable the server reads, with its default. The README lists them. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default("0.0.0.0"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().optional(),
  /** Set on every node of a cluster: broadcasts and presence cross nodes through it. */
  REDIS_URL: z.string().optional(),
  /** Namespaces this deployment's Redis channels, so several can share one Redis. */
  REDIS_PREFIX: z.string().min(1).default("realtime-market"),
  /** Names this process in logs, metrics and the cluster; unique per process start. */
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, "letters, digits, . _ - (at most 64)")
    .default(() => `${hostname().replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 40)}-${randomBytes(3).toString("hex")}`),
  /** A deployment refuses to start without its own (server/deployment-check.ts). */
  JWT_SECRET: z.string().min(16).default(DEMO_JWT_SECRET),
  MONITOR_TOKEN: z.string().optional(),
  DEMO_PASSWORD: z.string().default("market"),
  /** "on": the protocol document's placeholder tokens (`test_token`...) sign in as user123. Demo only. */
  DEMO_TOKENS: z.enum(["on", "off"]).optional(),
  HEARTBEAT_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  LONGPOLL_WINDOW_MS: z.coerce.number().int().positive().default(10_000),
  /** A channel whose token expired this long ago without a refresh gets `token_expired` and is closed. */
  TOKEN_EXPIRY_GRACE_MS: z.coerce.number().int().nonnegative().default(30_000),
  /** How often sockets are checked for users disabled since they joined. */
  USER_RECHECK_MS: z.coerce.number().int().positive().default(30_000),
  /** Hours after delivery or cancellation that a tracking link still shows its map. */
  TRACKING_LINK_HOURS: z.coerce.number().positive().default(24),
  MAX_CHANNELS_PER_SOCKET: z.coerce.number().int().positive().default(100),
  // Hostile clients (docs/security.md, Reliability): every limit below is counted in /metrics.
  /** A websocket frame or long-poll line over this is refused (1009); a chat message is at most 4,000 characters. */
  MAX_FRAME_BYTES: z.coerce.number().int().min(1024).default(64 * 1024),
  /** A long-poll POST body (phoenix.js sends its queued frames in one) over this is answered 413. */
  MAX_LONGPOLL_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  /** Frames a socket may have waiting to be handled; one more closes it (1008 "inbox full"). */
  MAX_INBOX_FRAMES: z.coerce.number().int().positive().default(250),
  /** Client events (besides joins and access_token) per socket per 10 seconds. */
  SOCKET_EVENTS_PER_10S: z.coerce.number().int().positive().default(200),
  /** Joins per socket per minute; never fewer than MAX_CHANNELS_PER_SOCKET, so a reconnect rejoins everything at once. */
  SOCKET_JOINS_PER_MINUTE: z.coerce.number().int().positive().default(200),
  /** Chat messages one user may send per minute, through all their sockets on every node (counted where limits are shared). */
  CHAT_MESSAGES_PER_USER_PER_MINUTE: z.coerce.number().int().positive().default(120),
  /** A chat room with more users present than this sends no `user_joined`/`user_left` (presence_diff, merged, says who came and went). */
  CHAT_MEMBER_EVENTS_MAX_ROOM: z.coerce.number().int().nonnegative().default(100),
  /** SIGTERM: health fails this long before sockets are told to go, so a load balancer has stopped sending new clients here by then. */
  DRAIN_HEALTH_GRACE_MS: z.coerce.number().int().nonnegative().default(1500),
  /** SIGTERM: running handlers and requests get this long to finish before what is left is cut. */
  DRAIN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** SIGTERM: sockets are closed (1012) one by one over this window, so clients do not all reconnect at once. */
  DRAIN_SPREAD_MS: z.coerce.number().int().nonnegative().default(2000),
  /** A socket whose unsent output stays over this for SLOW_CONSUMER_MS (or passes 4 times this) is cut off. */
  SLOW_CONSUMER_BYTES: z.coerce.number().int().min(256 * 1024).default(1024 * 1024),
  SLOW_CONSUMER_MS: z.coerce.number().int().positive().default(2000),
  /** Sockets (websocket and long-poll) open at once from one client address; 0 turns it off. */
  MAX_CONNECTIONS_PER_IP: z.coerce.number().int().nonnegative().default(1000),
  /** New sockets per minute from one client address; 0 turns it off. */
  MAX_CONNECTIONS_PER_IP_PER_MINUTE: z.coerce.number().int().nonnegative().default(2000),
  /** proxy-addr trust list (`loopback`, `10.0.0.0/8, 192.168.1.5`) whose X-Forwarded-For is believed; unset: the TCP peer. */
  TRUST_PROXY: z
    .string()
    .optional()
    .refine((value) => value === undefined || isTrustList(value), "a list of addresses, CIDR ranges or loopback/linklocal/uniquelocal"),
  MEDIA_DIR: z.string().default("./data/media"),
  /** Bytes of uploaded videos and posters one shop may store; 0 turns the quota off. */
  MEDIA_QUOTA_BYTES_PER_SHOP: z.coerce.number().int().nonnegative().default(2 * 1024 ** 3),
  PUBLIC_URL: z.string().default("http://localhost:4000"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = Omit<z.infer<typeof envSchema>, "DEMO_TOKENS"> & {
  /** Demo or deployment: decided by the caller's NODE_ENV (server/run-mode.ts). */
  MODE: RunMode;
  DEMO_TOKENS: "on" | "off";
};

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`);
  }
  const mode = runMode(env);
  // Placeholder tokens default to on in the demo, and never reach a deployment.
  const demoTokens = mode === "demo" ? (parsed.data.DEMO_TOKENS ?? "on") : "off";
  return { ...parsed.data, MODE: mode, DEMO_TOKENS: demoTokens, ...overrides };
}
