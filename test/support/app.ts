import { mkdtempSync, rmSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig, type Config } from "@/server/config";
import { startApp, type StartedApp, type StartOptions } from "@/server/start-app";
import { TokenVerifier } from "@/server/socket/auth";
import { freshPostgresDatabase } from "./postgres";
import { TEST_SECRET } from "./server";

export interface TestApp {
  app: StartedApp;
  wsUrl: string;
  httpUrl: string;
  token(userId: string, ttlSeconds?: number): Promise<string>;
  /** fetch against the API with a bearer token for `userId` (none when null). */
  api(userId: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** `npm run test:pg` sets it: the product servers of the channel and API tests then run on PostgreSQL. */
const APP_POSTGRES_URL = process.env.TEST_APP_POSTGRES_URL;

/**
 * The real product server (no web pages) on a free port, with a fresh seeded database: SQLite, or a
 * new PostgreSQL database on TEST_APP_POSTGRES_URL's server.
 */
export async function startTestApp(overrides: Partial<Config> = {}, options: StartOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(path.join(tmpdir(), "rm-test-"));
  const postgres = APP_POSTGRES_URL ? await freshPostgresDatabase(APP_POSTGRES_URL, "app_test") : null;
  const config = loadConfig(
    { ...process.env, NODE_ENV: "test", JWT_SECRET: TEST_SECRET },
    {
      PORT: 0,
      HOST: "127.0.0.1",
      DATABASE_URL: postgres?.url ?? `file:${path.join(dir, "test.db")}`,
      MEDIA_DIR: path.join(dir, "media"),
      ...overrides,
    },
  );
  const app = await startApp(config, undefined, options);
  const verifier = new TokenVerifier(TEST_SECRET);
  const httpUrl = `http://127.0.0.1:${app.port}`;
  const token = (userId: string, ttl?: number) => verifier.sign(userId, ttl);
  return {
    app,
    wsUrl: `ws://127.0.0.1:${app.port}/socket`,
    httpUrl,
    token,
    async api(userId, method, apiPath, body) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (userId) headers.authorization = `Bearer ${await token(userId)}`;
      const res = await fetch(`${httpUrl}${apiPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async close() {
      await app.close();
      await postgres?.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * This test file's product server: started before its tests with a fresh database and closed
 * after them. Read it inside tests (it exists once `beforeAll` has run).
 */
export function useTestApp(overrides: Partial<Config> = {}, options: StartOptions = {}): TestApp {
  let current: TestApp | null = null;
  beforeAll(async () => {
    current = await startTestApp(overrides, options);
  });
  afterAll(() => current?.close());
  const get = () => {
    if (!current) throw new Error("the test app starts in beforeAll");
    return current;
  };
  return {
    get app() {
      return get().app;
    },
    get wsUrl() {
      return get().wsUrl;
    },
    get httpUrl() {
      return get().httpUrl;
    },
    token: (userId, ttl) => get().token(userId, ttl),
    api: (userId, method, apiPath, body) => get().api(userId, method, apiPath, body),
    close: () => get().close(),
  };
}
