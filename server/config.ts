import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { z } from "zod";
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
  MEDIA_DIR: z.string().default("./data/media"),
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
