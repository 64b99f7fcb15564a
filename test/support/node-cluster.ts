import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sessionOwner } from "@/server/transport/long-poll-sessions";

export interface NodeProcess {
  readonly nodeId: string;
  readonly port: number;
  readonly url: string;
  /** Kills the process at once, as a crash would (no drain). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `test/support/node-process.ts` with `env` and waits until it listens. */
export function startNodeProcess(nodeId: string, env: Record<string, string>): Promise<NodeProcess> {
  // node itself (tsx as its loader), so a signal reaches the server and not a wrapper.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "test/support/node-process.ts"], {
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn", NODE_ID: nodeId, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (!match) return;
      const port = Number(match[1]);
      resolve({ nodeId, port, url: `http://127.0.0.1:${port}`, kill: () => signal("SIGKILL"), stop: () => signal("SIGTERM") });
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
