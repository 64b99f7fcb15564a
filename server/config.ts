import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { z } from "zod";

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
  JWT_SECRET: z.string().min(16).default("dev-only-jwt-secret-change-me-please"),
  MONITOR_TOKEN: z.string().optional(),
  DEMO_PASSWORD: z.string().default("market"),
  /** "on": the protocol document's placeholder tokens (`test_token`...) sign in as user123. */
  DEMO_TOKENS: z.enum(["on", "off"]).default("on"),
  HEARTBEAT_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  LONGPOLL_WINDOW_MS: z.coerce.number().int().positive().default(10_000),
  MAX_CHANNELS_PER_SOCKET: z.coerce.number().int().positive().default(100),
  MEDIA_DIR: z.string().default("./data/media"),
  PUBLIC_URL: z.string().default("http://localhost:4000"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof envSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`);
  }
  return { ...parsed.data, ...overrides };
}
