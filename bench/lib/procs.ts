// Server processes started by the suite, load-generator workers, and what /proc says about them.
import { fork, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { Probe } from "../servers/ipc";
import type { Command, SocketSpec, Proto } from "../client/worker";
import { merge, newHistogram, type Histogram } from "./histogram";

const TSX = ["--import", "tsx"];
/**
 * CPU of every thread of the process so far, ms: each thread's time on a CPU in ns
 * (/proc/<pid>/task/<tid>/schedstat). /proc/<pid>/stat counts 10 ms ticks: a short run, or two
 * nodes each read apart, would be off by a tick or two.
 */
function cpuMs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // the thread ended since the listing
    }
  }
  return ns / 1e6;
}

export interface ServerProcess {
  name: string;
  port: number;
  pid: number;
  probe(): Promise<Probe>;
  /** User + system CPU of the process so far, ms (every thread's, see cpuMs). */
  cpuMs(): number;
  /** Resident memory now, bytes (/proc/<pid>/status). */
  rssBytes(): number;
  stop(): Promise<void>;
}

export function startServer(name: string, file: string, env: Record<string, string> = {}, execArgv: string[] = []): Promise<ServerProcess> {
  // BENCH_CPU_PROF=<dir>: every server writes a V8 CPU profile there on exit (see profile-summary.ts).
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = fork(new URL(`../servers/${file}`, import.meta.url).pathname, [], {
    execArgv: [...TSX, "--expose-gc", ...profile, ...execArgv],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s`)), 60_000);
    child.once("exit", (code) => reject(new Error(`${name} exited (${code}) before listening`)));
    child.once("message", (m) => {
      clearTimeout(timer);
      const pid = child.pid!;
      resolve({
        name,
        port: (m as { port: number }).port,
        pid,
        probe: () =>
          new Promise((ok) => {
            const onMessage = (message: unknown) => {
              const probe = (message as { probe?: Probe }).probe;
              if (!probe) return;
              child.off("message", onMessage);
              ok(probe);
            };
            child.on("message", onMessage);
            child.send("probe");
          }),
        cpuMs: () => cpuMs(pid),
        rssBytes: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024,
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners("exit");
            child.once("exit", () => done());
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 5000).unref();
          }),
      });
    });
  });
}

export interface WorkerStats {
  events: Record<string, number>;
  latency: Histogram;
  acks: Histogram;
  rtt: Histogram;
  ackedIds: string[];
  errors: string[];
  failedAcks: number;
  closedUnexpectedly: number;
}

/** Load-generator processes; each holds a share of the sockets, far below its 20,000 open files. */
export class Generator {
  private readonly workers: ChildProcess[];
  private nextId = 0;

  constructor(count: number) {
    this.workers = Array.from({ length: count }, () =>
      fork(new URL("../client/worker.ts", import.meta.url).pathname, [], { execArgv: TSX, stdio: ["ignore", "inherit", "inherit", "ipc"] }),
    );
  }

  get size(): number {
    return this.workers.length;
  }

  call<T>(worker: number, command: Command): Promise<T> {
    const id = ++this.nextId;
    const child = this.workers[worker];
    return new Promise((resolve) => {
      const onMessage = (m: { id: number; result: T }) => {
        if (m.id !== id) return;
        child.off("message", onMessage);
        resolve(m.result);
      };
      child.on("message", onMessage);
      child.send({ ...command, id });
    });
  }

  all<T>(command: Command): Promise<T[]> {
    return Promise.all(this.workers.map((_, i) => this.call<T>(i, command)));
  }

  /** Sockets dealt round-robin; socket i of the list lands in worker i % size, at index floor(i / size). */
  async open(url: string, proto: Proto, sockets: SocketSpec[], concurrency = 100, deadline?: number) {
    const shares = this.workers.map((_, w) => sockets.filter((_, i) => i % this.size === w));
    const results = await Promise.all(
      shares.map((share, w) =>
        this.call<{ opened: number; failed: number; joinTimes: Histogram; ms: number }>(w, {
          cmd: "open", url, proto, sockets: share, sourceAddresses: 8, concurrency, deadline,
        }),
      ),
    );
    return {
      opened: results.reduce((a, r) => a + r.opened, 0),
      failed: results.reduce((a, r) => a + r.failed, 0),
      joinTimes: results.reduce((h, r) => merge(h, r.joinTimes), newHistogram()),
      ms: Math.max(...results.map((r) => r.ms)),
    };
  }

  async stats(): Promise<WorkerStats> {
    const all = await this.all<WorkerStats>({ cmd: "stats" });
    const events: Record<string, number> = {};
    for (const s of all) for (const [k, v] of Object.entries(s.events)) events[k] = (events[k] ?? 0) + v;
    return {
      events,
      latency: all.reduce((h, s) => merge(h, s.latency), newHistogram()),
      acks: all.reduce((h, s) => merge(h, s.acks), newHistogram()),
      rtt: all.reduce((h, s) => merge(h, s.rtt), newHistogram()),
      ackedIds: all.flatMap((s) => s.ackedIds),
      errors: all.flatMap((s) => s.errors).slice(0, 20),
      failedAcks: all.reduce((a, s) => a + s.failedAcks, 0),
      closedUnexpectedly: all.reduce((a, s) => a + s.closedUnexpectedly, 0),
    };
  }

  async closeSockets(): Promise<void> {
    await this.all({ cmd: "close" });
  }

  stop(): void {
    for (const w of this.workers) w.kill();
  }
}
