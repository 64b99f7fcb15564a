// `npx tsx bench/profile-summary.ts <file.cpuprofile>`: where a server's CPU went, by self time,
// grouped by function and file (node --cpu-prof output; BENCH_CPU_PROF=<dir> npm run bench makes them).
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

const file = process.argv[2];
if (!file) {
  console.error("usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top=25]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: Node[] };
const total = profile.nodes.reduce((a, n) => a + n.hitCount, 0);
const byFunction = new Map<string, number>();
const byArea = new Map<string, number>();
for (const node of profile.nodes) {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^file:\/\//, "").replace(/.*\/node_modules\//, "npm:").replace(/.*\/(server|bench|lib)\//, "$1/");
  byFunction.set(`${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`, (byFunction.get(`${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`) ?? 0) + node.hitCount);
  const area = where.startsWith("npm:") ? where.split("/").slice(0, where.startsWith("npm:@") ? 2 : 1).join("/") : where.startsWith("node:") || where === "" ? functionName.startsWith("(") ? functionName : "node internals" : where.split("/").slice(0, 2).join("/");
  byArea.set(area, (byArea.get(area) ?? 0) + node.hitCount);
}
const top = Number(process.argv[3] ?? 25);
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title} (${total} samples)`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
};
show("self time by area", byArea);
show("self time by function", byFunction);
