// `npm run bench` (full, minutes; run it under `flock /tmp/heavy.lock`) or `npm run bench -- --quick`
// (small counts, in `npm test`): fails only when a scenario errors or loses a message or a delivery.
import { FANOUT_TARGETS, bigRoom, courierTracking, fanout, idleMemory, joinStorm, manyRooms, socketsWithinFileLimit, twoNodes, type Outcome } from "./scenarios";
import { Generator } from "./lib/procs";
import { machine, write, type RunReport } from "./lib/report";

const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
const counts = quick
  ? { fanout: [[200, 20]], slow: 100, rooms: 20, roomSeconds: 3, storm: 200, idle: [200], big: 100, bigBound: 20_000, deliveries: 30, courierSeconds: 3 }
  : { fanout: [[1000, 100], [5000, 40], [10000, 20]], slow: 1000, rooms: 2000, roomSeconds: 15, storm: 10000, idle: [10000, socketsWithinFileLimit()], big: 5000, bigBound: 45_000, deliveries: 2000, courierSeconds: 15 };

const started = machine();
const report: RunReport = { date: new Date().toISOString(), mode: quick ? "quick" : only ? "partial" : "full", machine: { ...started, loadAverageAtEnd: [] }, scenarios: {}, losses: [] };
const gen = new Generator(3);

async function scenario(name: string, runs: Array<() => Promise<Outcome>>): Promise<void> {
  if (only && !only.some((o) => name.startsWith(o))) return;
  for (const run of runs) {
    const t = Date.now();
    try {
      const { rows, losses } = await run();
      (report.scenarios[name] ??= []).push(...rows);
      report.losses.push(...losses);
      console.log(`${name}: ${JSON.stringify(rows)} (${((Date.now() - t) / 1000).toFixed(0)} s)`);
    } catch (err) {
      report.losses.push(`${name}: ${(err as Error).stack ?? String(err)}`);
      console.error(`${name} failed:`, err);
    }
  }
}

try {
  await scenario("fan-out", counts.fanout.flatMap(([n, broadcasts]) => FANOUT_TARGETS.map((target) => () => fanout(gen, target, n, broadcasts))));
  await scenario("two nodes on Redis", counts.fanout.map(([n, broadcasts]) => () => twoNodes(gen, n, broadcasts)));
  await scenario("slow consumer", [
    () => fanout(gen, FANOUT_TARGETS[3], counts.slow, 100).then((o) => ({ ...o, rows: o.rows.map((r) => ({ ...r, stalled: 0 })) })),
    () => fanout(gen, FANOUT_TARGETS[3], counts.slow, 100, 1).then((o) => ({ ...o, rows: o.rows.map((r) => ({ ...r, stalled: 1 })) })),
  ]);
  await scenario("many rooms, persisted", [() => manyRooms(gen, "sqlite", counts.rooms, counts.roomSeconds), () => manyRooms(gen, "postgres", counts.rooms, counts.roomSeconds)]);
  await scenario("courier tracking", [() => courierTracking(gen, counts.deliveries, counts.courierSeconds)]);
  await scenario("join storm", [() => joinStorm(gen, counts.storm)]);
  await scenario("idle memory", counts.idle.map((n) => () => idleMemory(gen, n)));
  await scenario("big room", [() => bigRoom(gen, counts.big, counts.bigBound)]);
} finally {
  gen.stop();
}
report.machine.loadAverageAtEnd = machine().loadAverage;
console.log(`results: ${write(report)}`);
if (report.losses.length > 0) {
  console.error(`FAILED: ${report.losses.join("\n")}`);
  process.exit(1);
}
process.exit(0);
