import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { sessionOwner } from "@/server/transport/long-poll-sessions";
import { freshPostgresDatabase } from "./postgres";

/** The cluster tests need a Redis server; PostgreSQL is used when there is one (SQLite otherwise). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL;
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** Says once per file what is skipped and why; true when the cluster tests can run. */
export function clusterTestsRun(what: string): boolean {
  if (!TEST_REDIS_URL) console.log(`skipping ${what}: TEST_REDIS_URL is not set (they need a Redis server)`);
  return TEST_REDIS_URL !== undefined;
}

/**
 * A database every node of one test shares: a fresh PostgreSQL database with a random name on
 * TEST_DATABASE_URL's server, else a SQLite file in a temp directory. Empty: the nodes migrate it.
 */
export async function clusterDatabase(): Promise<{ url: string; dispose(): Promise<void> }> {
  if (!TEST_DATABASE_URL) {
    const dir = mkdtempSync(path.join(tmpdir(), "rm-cluster-"));
    return { url: `file:${path.join(dir, "shared.db")}`, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  return freshPostgresDatabase(TEST_DATABASE_URL, "cluster_test");
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A throwaway redis-server of the test's own (never the machine's), which the test may stop and start again. */
export async function ownRedisServer() {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    const deadline = Date.now() + 5000;
    while (!(await answers(port))) {
      if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.write("PING\r\n");
    });
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
  });
}

export interface NodeProcess {
  readonly nodeId: string;
  readonly port: number;
  readonly url: string;
  /** What it printed (its log lines) so far. */
  output(): string;
  /** Kills the process at once, as a crash would (no drain). */
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** Sends a signal without waiting. */
  signal(name: NodeJS.Signals): void;
  /** How the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `test/support/node-process.ts` with `env` and waits until it listens. */
export function startNodeProcess(nodeId: string, env: Record<string, string>): Promise<NodeProcess> {
  // node itself (tsx as its loader), so a signal reaches the server and not a wrapper.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "test/support/node-process.ts"], {
    // No balancer waits to take a test node out: no grace unless the test is about it.
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn", NODE_ID: nodeId, DRAIN_HEALTH_GRACE_MS: "0", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const send = (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
  };
  const signal = async (name: NodeJS.Signals) => {
    send(name);
    await exited;
  };
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (!match) return;
      const port = Number(match[1]);
      resolve({
        nodeId,
        port,
        url: `http://127.0.0.1:${port}`,
        output: () => output,
        kill: () => signal("SIGKILL"),
        stop: () => signal("SIGTERM"),
        signal: send,
        exited,
      });
    });
    child.once("exit", (code) => reject(new Error(`node ${nodeId} exited (${code}) before listening: ${output}`)));
  });
}

/**
 * A balancer without sticky sessions: request n goes to node n mod count, whatever its session.
 * `landed` counts, per node index, the requests that carried a long-poll session token.
 */
export async function roundRobinProxy(targets: () => readonly NodeProcess[]) {
  let next = 0;
  const landed: number[] = [];
  const server = http.createServer((req, res) => {
    const live = targets();
    const index = next++ % live.length;
    if (new URL(req.url ?? "/", "http://x").searchParams.getAll("token").some((t) => sessionOwner(t) !== null)) {
      landed[index] = (landed[index] ?? 0) + 1;
    }
    const upstream = http.request(
      { host: "127.0.0.1", port: live[index].port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.writeHead(502).end());
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    landed,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
