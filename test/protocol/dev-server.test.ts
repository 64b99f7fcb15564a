// `npm run dev`: Next's hot-reload socket and our Phoenix socket share the one port.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import WebSocket from "ws";
import { RawClient } from "../support/raw-client";

let server: ChildProcess;
let port: number;
const dir = mkdtempSync(path.join(tmpdir(), "rm-dev-"));

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("the dev server did not come up");
    await new Promise((r) => setTimeout(r, 500));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  port = await freePort();
  server = spawn("npx", ["tsx", "server/index.ts", "--dev"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `file:${path.join(dir, "dev.db")}`, LOG_LEVEL: "warn", NODE_ENV: "development" },
    stdio: "ignore",
    detached: true,
  });
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null))?.status === 200, 90_000);
}, 120_000);

afterAll(() => {
  if (server.pid) process.kill(-server.pid, "SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

it("serves Next's hot-reload websocket beside the Phoenix socket", async () => {
  // A page request makes Next attach its upgrade listener.
  expect((await fetch(`http://127.0.0.1:${port}/login`)).status).toBe(200);
  const hmr = new WebSocket(`ws://127.0.0.1:${port}/_next/hmr`);
  const hmrMessage = new Promise<string>((resolve, reject) => {
    hmr.once("message", (data) => resolve(data.toString()));
    hmr.once("error", reject);
  });
  const phoenix = await RawClient.connect(`ws://127.0.0.1:${port}/socket/websocket?vsn=2.0.0`);
  phoenix.send([null, "1", "phoenix", "heartbeat", {}]);
  expect(await phoenix.next()).toEqual([null, "1", "phoenix", "phx_reply", { response: {}, status: "ok" }]);
  expect(JSON.parse(await hmrMessage)).toHaveProperty("type");
  hmr.close();
  phoenix.close();
  // The first request compiles /login in dev mode: over a minute on a loaded 2-core machine.
}, 180_000);
