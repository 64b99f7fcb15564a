// Writes a run's results: JSON appended under bench/results/, the table in bench/README.md, the SVG chart.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";

const RESULTS = new URL("../results/", import.meta.url);
const README = new URL("../README.md", import.meta.url);
const START = "<!-- bench:results:start -->";
const END = "<!-- bench:results:end -->";

export function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

export interface RunReport {
  date: string;
  /** `partial`: full counts for the scenarios `--only` picked; kept as JSON, the README's table stays the last full run's. */
  mode: "quick" | "partial" | "full";
  machine: ReturnType<typeof machine> & { loadAverageAtEnd: number[] };
  scenarios: Record<string, Array<Record<string, unknown>>>;
  losses: string[];
}

const fmt = (v: unknown) => (typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 0)) : String(v ?? "–"));

function table(rows: Array<Record<string, unknown>>): string {
  if (rows.length === 0) return "(none)\n";
  const keys = Object.keys(rows[0]);
  return [`| ${keys.join(" | ")} |`, `|${keys.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${keys.map((k) => fmt(r[k])).join(" | ")} |`)].join("\n") + "\n";
}

export function write(report: RunReport): string {
  mkdirSync(RESULTS, { recursive: true });
  const file = new URL(`${report.date.replace(/[:.]/g, "-")}-${report.mode}.json`, RESULTS);
  writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  if (report.mode !== "full") return file.pathname;
  writeFileSync(new URL("chart.svg", RESULTS), chart(report));
  const m = report.machine;
  const section = [
    START,
    `Latest full run: ${report.date}, ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, load average ${m.loadAverage.join(" / ")} at the start and ${m.loadAverageAtEnd.join(" / ")} at the end (the load generator shares the machine).`,
    "",
    "![latency against subscribers, many-rooms throughput](results/chart.svg)",
    "",
    ...Object.entries(report.scenarios).flatMap(([name, rows]) => [`### ${name}`, "", table(rows)]),
    report.losses.length ? `Losses and errors: ${report.losses.join("; ")}` : "No delivery or message was lost.",
    END,
  ].join("\n");
  const readme = existsSync(README) ? readFileSync(README, "utf8") : `${START}\n${END}\n`;
  const [before, rest] = readme.split(START);
  writeFileSync(README, `${before}${section}${rest?.split(END)[1] ?? "\n"}`);
  return file.pathname;
}

const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

/** Left: p50 delivery latency against subscribers, a line per server. Right: many-rooms messages/s. */
function chart(report: RunReport): string {
  const fan = report.scenarios["fan-out"] ?? [];
  const servers = [...new Set(fan.map((r) => String(r.server)))];
  const ns = [...new Set(fan.map((r) => Number(r.subscribers)))].sort((a, b) => a - b);
  const maxLatency = Math.max(1, ...fan.map((r) => Number(r.p50ms ?? 0)));
  const W = 900, H = 360, left = { x: 60, y: 30, w: 460, h: 260 };
  const x = (n: number) => left.x + (ns.length < 2 ? left.w / 2 : (ns.indexOf(n) / (ns.length - 1)) * left.w);
  const y = (ms: number) => left.y + left.h - (ms / maxLatency) * left.h;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${left.x}" y="18" font-size="13">fan-out: p50 delivery latency (ms) against subscribers</text>`,
    `<line x1="${left.x}" y1="${left.y + left.h}" x2="${left.x + left.w}" y2="${left.y + left.h}" stroke="black"/>`,
    `<line x1="${left.x}" y1="${left.y}" x2="${left.x}" y2="${left.y + left.h}" stroke="black"/>`,
    `<text x="${left.x - 8}" y="${left.y + 4}" text-anchor="end">${maxLatency.toFixed(1)}</text>`,
    `<text x="${left.x - 8}" y="${left.y + left.h}" text-anchor="end">0</text>`,
    ...ns.map((n) => `<text x="${x(n)}" y="${left.y + left.h + 15}" text-anchor="middle">${n}</text>`),
  ];
  servers.forEach((server, i) => {
    const points = fan.filter((r) => r.server === server).map((r) => `${x(Number(r.subscribers)).toFixed(1)},${y(Number(r.p50ms ?? 0)).toFixed(1)}`);
    parts.push(`<polyline fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="2" points="${points.join(" ")}"/>`);
    parts.push(`<rect x="${left.x + 10}" y="${left.y + 8 + i * 14}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/><text x="${left.x + 24}" y="${left.y + 17 + i * 14}">${server}</text>`);
  });
  const rooms = report.scenarios["many rooms, persisted"] ?? [];
  const right = { x: 600, y: 30, w: 260, h: 260 };
  const maxRate = Math.max(1, ...rooms.map((r) => Number(r.offeredPerSecond)));
  parts.push(`<text x="${right.x}" y="18" font-size="13">many rooms: messages/s acknowledged</text>`);
  rooms.forEach((r, i) => {
    const bw = 50, gap = 40, bx = right.x + i * (bw * 2 + gap);
    const offered = (Number(r.offeredPerSecond) / maxRate) * right.h, acked = (Number(r.ackedPerSecond) / maxRate) * right.h;
    parts.push(`<rect x="${bx}" y="${right.y + right.h - offered}" width="${bw}" height="${offered}" fill="#ccc"/>`);
    parts.push(`<rect x="${bx + bw}" y="${right.y + right.h - acked}" width="${bw}" height="${acked}" fill="#2ca02c"/>`);
    parts.push(`<text x="${bx + bw}" y="${right.y + right.h + 15}" text-anchor="middle">${r.store}: ${Math.round(Number(r.ackedPerSecond))} of ${r.offeredPerSecond}</text>`);
  });
  parts.push(`<text x="${right.x}" y="${right.y + right.h + 32}">grey: offered, green: acknowledged after commit</text>`, "</svg>");
  return parts.join("\n") + "\n";
}
