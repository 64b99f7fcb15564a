// `npm start`: builds the web app when no current build exists, then runs the production server
// (which migrates the database and seeds it when empty).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { assertDeployable } from "../server/deployment-check";
import { CALLER_NODE_ENV } from "../server/run-mode";

// The caller's NODE_ENV decides demo versus deployment; Next's production mode, set below, does not.
process.env[CALLER_NODE_ENV] = process.env.NODE_ENV ?? "";
try {
  // Before a build that takes minutes: a deployment without its secrets stops here.
  assertDeployable();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

const BUILD_ID = ".next/BUILD_ID";
// Everything the web build reads, server/ included: its routes import the store and token signing.
const SOURCES = ["app", "components", "lib", "server", "public", "auth.ts", "next.config.ts", "package-lock.json", "tailwind.config.ts", "postcss.config.mjs", "tsconfig.json"];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((newest, child) => Math.max(newest, newestMtime(path.join(entry, child))), stat.mtimeMs);
}

const buildTime = existsSync(BUILD_ID) ? statSync(BUILD_ID).mtimeMs : 0;
const sourceTime = Math.max(...SOURCES.map(newestMtime));
if (buildTime < sourceTime) {
  console.log(buildTime === 0 ? "No build yet: building the web app..." : "Sources changed: rebuilding the web app...");
  const build = spawnSync("npm", ["run", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The server runs in this process, so signals (Ctrl-C, a test runner's SIGTERM) reach it directly.
Object.assign(process.env, { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });
await import("../server/index");
