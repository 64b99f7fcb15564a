// `npm run bench`: server CPU per delivered broadcast frame and memory per idle socket,
// for our server and a bare `ws` loop, measured in one run on this machine (compare the ratio).
import { fork, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import WebSocket from "ws";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 200);
const BROADCASTS = Number(process.env.BENCH_BROADCASTS ?? 500);
const IDLE_SOCKETS = Number(process.env.BENCH_IDLE_SOCKETS ?? 2000);
const PAYLOAD = { __ts: 0, seq: 0, pad: "x".repeat(100) };

interface Probe {
  cpuMicros: number;
  rss: number;
  heapUsed: number;
  external: number;
}

function startServer(file: string): Promise<{ child: ChildProcess; port: number; probe: () => Promise<Probe> }> {
  const child = fork(file, [], { execArgv: ["--import", "tsx", "--expose-gc"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const probe = () =>
    new Promise<Probe>((resolve) => {
      child.once("message", (m) => resolve(m as Probe));
      child.send("probe");
    });
  return new Promise((resolve) => child.once("message", (m) => resolve({ child, port: (m as { port: number }).port, probe })));
}

function openSockets(port: number, count: number, topic: string): Promise<WebSocket[]> {
  const url = `ws://127.0.0.1:${port}/socket/websocket?vsn=2.0.0`;
  const opening: Promise<WebSocket>[] = [];
  for (let i = 0; i < count; i++) {
    opening.push(
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url, { perMessageDeflate: false });
        ws.once("error", reject);
        ws.once("open", () => {
          ws.send(JSON.stringify(["1", "1", topic, "phx_join", {}]));
          ws.once("message", () => resolve(ws));
        });
      }),
    );
  }
  return Promise.all(opening);
}

async function measureFanout(port: number, probe: () => Promise<Probe>) {
  const sockets = await openSockets(port, SUBSCRIBERS, "bench:room1");
  let received = 0;
  const expected = SUBSCRIBERS * BROADCASTS;
  const done = new Promise<void>((resolve) => {
    for (const ws of sockets) {
      ws.on("message", (data: Buffer) => {
        if (data.includes("tick") && ++received === expected) resolve();
      });
    }
  });
  const before = await probe();
  const publisher = sockets[0];
  for (let seq = 0; seq < BROADCASTS; seq++) {
    publisher.send(JSON.stringify(["1", String(seq + 2), "bench:room1", "fanout", { ...PAYLOAD, seq }]));
    if (seq % 50 === 49) await new Promise((r) => setImmediate(r));
  }
  await done;
  const after = await probe();
  for (const ws of sockets) ws.terminate();
  return (after.cpuMicros - before.cpuMicros) / expected;
}

async function measureIdleMemory(port: number, probe: () => Promise<Probe>) {
  const before = await probe();
  const sockets = await openSockets(port, IDLE_SOCKETS, "bench:idle");
  await new Promise((r) => setTimeout(r, 500));
  const after = await probe();
  for (const ws of sockets) ws.terminate();
  return {
    heapBytes: (after.heapUsed + after.external - before.heapUsed - before.external) / IDLE_SOCKETS,
    rssBytes: (after.rss - before.rss) / IDLE_SOCKETS,
  };
}

async function bench(name: string, file: string) {
  const server = await startServer(file);
  // Warm up the JIT before measuring.
  await measureFanout(server.port, server.probe);
  const cpuPerFrame = await measureFanout(server.port, server.probe);
  const memory = await measureIdleMemory(server.port, server.probe);
  server.child.kill();
  return { name, cpuMicrosPerFrame: cpuPerFrame, ...memory };
}

const results = [
  await bench("bare ws loop", new URL("./servers/bare-ws.ts", import.meta.url).pathname),
  await bench("realtime-market", new URL("./servers/realtime.ts", import.meta.url).pathname),
];
const [floor, ours] = results;
const report = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  settings: { subscribers: SUBSCRIBERS, broadcasts: BROADCASTS, idleSockets: IDLE_SOCKETS },
  results,
  ratios: {
    cpuPerFrame: ours.cpuMicrosPerFrame / floor.cpuMicrosPerFrame,
    heapPerIdleSocket: ours.heapBytes / floor.heapBytes,
  },
};
console.table(results.map((r) => ({
  server: r.name,
  "server CPU µs / delivered frame": r.cpuMicrosPerFrame.toFixed(2),
  "heap+external bytes / idle socket": Math.round(r.heapBytes),
  "rss bytes / idle socket": Math.round(r.rssBytes),
})));
console.log(`ratio ours/bare: CPU per frame ${report.ratios.cpuPerFrame.toFixed(2)}, heap per idle socket ${report.ratios.heapPerIdleSocket.toFixed(2)}`);
writeFileSync(new URL("./results.json", import.meta.url), JSON.stringify(report, null, 2) + "\n");
